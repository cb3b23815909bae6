/* twin-scenario-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario played on an engine: the setup (a reset, the setup's command,
 * the steady state of its inputs if asked), then the timeline's commands at
 * their simulated times, each at its exact step, and the checks scored from
 * every sample, alarm and command. Time is the engine's simulated time,
 * which the setup's reset sets to 0.
 */

#define G_LOG_DOMAIN "twin-scenario"

#include "config.h"

#include <math.h>

#include "twin-scenario-run.h"
#include "twin-score.h"

struct _TwinScenarioRun
{
  GObject          parent_instance;

  TwinEngine      *engine;
  TwinScenario    *scenario;
  TwinScore       *score;
  TwinCheckStatus *announced;   /* each check's status as last announced */
  guint            next_item;
  gboolean         started;
};

G_DEFINE_FINAL_TYPE (TwinScenarioRun, twin_scenario_run, G_TYPE_OBJECT)

enum {
  CAPTION,
  CHECK_DECIDED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Announces each check whose status changed since last announced; a
 * handler may change the score again, and what it changes is announced
 * once, by the inner call. No allocation: it runs on every sample. */
static void
announce_decided (TwinScenarioRun *self)
{
  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      TwinCheckStatus status = twin_score_get_result (self->score, i)->status;

      if (status == self->announced[i])
        continue;
      self->announced[i] = status;
      g_signal_emit (self, signals[CHECK_DECIDED], 0, i);
    }
}

static void
sampled_cb (TwinEngine         *engine,
            const TwinSnapshot *snapshot,
            TwinScenarioRun    *self)
{
  twin_score_sample (self->score, snapshot, snapshot->timestamp);
  announce_decided (self);
}

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          TwinScenarioRun      *self)
{
  twin_score_alarm (self->score, event, event->timestamp);
  announce_decided (self);
}

static void
command_applied_cb (TwinEngine        *engine,
                    const TwinCommand *command,
                    TwinScenarioRun   *self)
{
  twin_score_command (self->score, command, twin_engine_get_timestamp (engine));
  announce_decided (self);
}

static void
twin_scenario_run_dispose (GObject *object)
{
  TwinScenarioRun *self = TWIN_SCENARIO_RUN (object);

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      /* Only its own: the instructor's snapshots wake the engine too. */
      if (self->started)
        {
          GArray *timeline = self->scenario->timeline;

          for (guint i = 0; i < timeline->len; i++)
            if (g_array_index (timeline, TwinTimelineItem, i).at > 0)
              twin_engine_remove_wakeup (self->engine, g_array_index (timeline, TwinTimelineItem, i).at);
          twin_engine_remove_wakeup (self->engine, self->scenario->duration);
        }
    }
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_scenario_run_parent_class)->dispose (object);
}

static void
twin_scenario_run_finalize (GObject *object)
{
  TwinScenarioRun *self = TWIN_SCENARIO_RUN (object);

  g_clear_pointer (&self->score, twin_score_free);
  g_clear_pointer (&self->announced, g_free);
  g_clear_pointer (&self->scenario, twin_scenario_free);

  G_OBJECT_CLASS (twin_scenario_run_parent_class)->finalize (object);
}

static void
twin_scenario_run_class_init (TwinScenarioRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_scenario_run_dispose;
  object_class->finalize = twin_scenario_run_finalize;

  /**
   * TwinScenarioRun::caption:
   * @text: the caption, reached in the timeline
   */
  signals[CAPTION] =
    g_signal_new ("caption", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * TwinScenarioRun::check-decided:
   * @index: the check, passed or failed now
   */
  signals[CHECK_DECIDED] =
    g_signal_new ("check-decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * TwinScenarioRun::finished:
   *
   * The scenario's duration is reached: every check is decided.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_scenario_run_init (TwinScenarioRun *self)
{
}

/* Commands both, so that a recording of the scenario replays it. */
static gboolean
set_up (TwinScenarioRun  *self,
        GError          **error)
{
  TwinCommand setup = self->scenario->setup;
  TwinCommand reset = { .fields = TWIN_COMMAND_RESET | TWIN_COMMAND_RESET_FROM, .reset = TRUE,
                        .reset_from = self->scenario->from_steady ? TWIN_RESET_FROM_STEADY : TWIN_RESET_FROM_INITIAL,
                        .source = TWIN_COMMAND_SOURCE_SCENARIO };

  setup.source = TWIN_COMMAND_SOURCE_SCENARIO;
  return (setup.fields == 0 || twin_engine_apply_command (self->engine, &setup, error)) &&
         twin_engine_apply_command (self->engine, &reset, error);
}

/**
 * twin_scenario_run_new:
 * @scenario: (transfer full): what to play
 *
 * Sets @engine up for @scenario, at time 0, ready to advance.
 */
TwinScenarioRun *
twin_scenario_run_new (TwinEngine    *engine,
                       TwinScenario  *scenario,
                       GError       **error)
{
  g_autoptr(TwinScenarioRun) self = NULL;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (scenario != NULL, NULL);

  self = g_object_new (TWIN_TYPE_SCENARIO_RUN, NULL);
  self->engine = g_object_ref (engine);
  self->scenario = scenario;
  self->score = twin_score_new (scenario, twin_history_get_interval (twin_engine_get_history (engine)));
  self->announced = g_new (TwinCheckStatus, MAX (1, scenario->checks->len));
  for (guint i = 0; i < scenario->checks->len; i++)
    self->announced[i] = twin_score_get_result (self->score, i)->status;
  if (!set_up (self, error))
    return NULL;

  g_signal_connect (engine, "sampled", G_CALLBACK (sampled_cb), self);
  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), self);
  g_signal_connect (engine, "command-applied", G_CALLBACK (command_applied_cb), self);
  return g_steal_pointer (&self);
}

static void
apply_item (TwinScenarioRun        *self,
            const TwinTimelineItem *item)
{
  g_autoptr(GError) error = NULL;

  if (item->command.fields != 0 && !twin_engine_apply_command (self->engine, &item->command, &error))
    g_warning ("scenario %s at %g s: %s", self->scenario->id, item->at, error->message);
  if (item->caption != NULL)
    g_signal_emit (self, signals[CAPTION], 0, item->caption);
}

/* The timeline's items up to now, in order. */
static void
apply_due (TwinScenarioRun *self)
{
  GArray *timeline = self->scenario->timeline;
  double now = twin_engine_get_timestamp (self->engine);

  while (self->next_item < timeline->len &&
         g_array_index (timeline, TwinTimelineItem, self->next_item).at <= now + TWIN_SIM_TIME_EPSILON)
    apply_item (self, &g_array_index (timeline, TwinTimelineItem, self->next_item++));
}

static void
wakeup_cb (TwinEngine      *engine,
           double           at,
           TwinScenarioRun *self)
{
  apply_due (self);
  if (at >= self->scenario->duration - TWIN_SIM_TIME_EPSILON)
    twin_scenario_run_finish (self);
}

/* The engine wakes the run at each item's time and at the end, so that
 * the timeline lands on exact steps at any time scale. */
static void
schedule (TwinScenarioRun *self)
{
  GArray *timeline = self->scenario->timeline;

  for (guint i = 0; i < timeline->len; i++)
    if (g_array_index (timeline, TwinTimelineItem, i).at > 0)
      twin_engine_add_wakeup (self->engine, g_array_index (timeline, TwinTimelineItem, i).at);
  twin_engine_add_wakeup (self->engine, self->scenario->duration);
  g_signal_connect (self->engine, "wakeup", G_CALLBACK (wakeup_cb), self);
}

/**
 * twin_scenario_run_start:
 *
 * Applies what the timeline has at time 0 and hands the rest to the
 * engine's clock: from here the scenario plays as the engine runs.
 */
void
twin_scenario_run_start (TwinScenarioRun *self)
{
  g_return_if_fail (TWIN_IS_SCENARIO_RUN (self));

  if (self->started)
    return;
  self->started = TRUE;
  apply_due (self);
  schedule (self);
}

/**
 * twin_scenario_run_advance:
 * @t: the scenario's simulated s to reach; past the duration, the duration
 *
 * Runs the engine to @t at once; the timeline applies on the way, and at
 * the duration the score is finished.
 */
void
twin_scenario_run_advance (TwinScenarioRun *self,
                           double           t)
{
  double now;

  g_return_if_fail (TWIN_IS_SCENARIO_RUN (self));

  twin_scenario_run_start (self);
  now = twin_engine_get_timestamp (self->engine);
  t = MIN (t, self->scenario->duration);
  if (t > now)
    twin_engine_advance (self->engine, t - now);
}

/**
 * twin_scenario_run_finish:
 *
 * Ends the scenario where it stands: every pending check is decided.
 */
void
twin_scenario_run_finish (TwinScenarioRun *self)
{
  g_return_if_fail (TWIN_IS_SCENARIO_RUN (self));

  if (twin_score_is_finished (self->score))
    return;
  twin_score_finish (self->score, twin_engine_get_timestamp (self->engine));
  announce_decided (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * twin_scenario_run_diagnose:
 * @fault: what the operator names
 *
 * Returns: whether the scenario asked for a diagnosis still open
 */
gboolean
twin_scenario_run_diagnose (TwinScenarioRun *self,
                            const char      *fault)
{
  gboolean asked;

  g_return_val_if_fail (TWIN_IS_SCENARIO_RUN (self), FALSE);

  asked = twin_score_diagnose (self->score, fault, twin_engine_get_timestamp (self->engine));
  announce_decided (self);
  return asked;
}

const TwinScenario *
twin_scenario_run_get_scenario (TwinScenarioRun *self)
{
  g_return_val_if_fail (TWIN_IS_SCENARIO_RUN (self), NULL);

  return self->scenario;
}

TwinScore *
twin_scenario_run_get_score (TwinScenarioRun *self)
{
  g_return_val_if_fail (TWIN_IS_SCENARIO_RUN (self), NULL);

  return self->score;
}
