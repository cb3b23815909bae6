/* twin-score.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario's checks, scored as the run goes: each is pending until the
 * run decides it, then passed or failed, with its points. Times are the
 * scenario's simulated seconds.
 *
 *   event        passes when the alarm (or the trip) holds at any moment
 *                of [from, to] — or, with expect false, when it never does
 *   bounds       the seconds a channel spends outside [min, max] during
 *                [from, to] cost `penalty` points each; it passes with any
 *                points left (with no penalty: only with no second out)
 *   acts_before  passes when the operator (window, MQTT or REST) moves the
 *                input past the value within [from, to], before the event
 *   diagnosis    passes when the operator names the hidden fault; a wrong
 *                answer fails it
 *
 * The total is 100 × points / weights, less the hints' cost, within 0–100.
 */

#define G_LOG_DOMAIN "twin-score"

#include "config.h"

#include "twin-score.h"

struct _TwinScore
{
  const TwinScenario *scenario;
  double              interval;
  TwinCheckResult    *results;
  guint64            *out_samples;    /* bounds: samples out of bounds */
  guint               hints_used;
  gboolean            finished;
};

TwinScore *
twin_score_new (const TwinScenario *scenario,
                double              sample_interval)
{
  TwinScore *self;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (sample_interval > 0, NULL);

  self = g_new0 (TwinScore, 1);
  self->scenario = scenario;
  self->interval = sample_interval;
  self->results = g_new0 (TwinCheckResult, MAX (1, scenario->checks->len));
  self->out_samples = g_new0 (guint64, MAX (1, scenario->checks->len));
  return self;
}

void
twin_score_free (TwinScore *self)
{
  if (self == NULL)
    return;

  g_free (self->results);
  g_free (self->out_samples);
  g_free (self);
}

static const TwinCheck *
check_at (TwinScore *self,
          guint      i)
{
  return &g_array_index (self->scenario->checks, TwinCheck, i);
}

static void
decide (TwinScore *self,
        guint      i,
        gboolean   passed,
        double     points,
        double     t)
{
  TwinCheckResult *r = &self->results[i];

  if (r->status != TWIN_CHECK_PENDING)
    return;
  r->status = passed ? TWIN_CHECK_PASSED : TWIN_CHECK_FAILED;
  r->points = passed ? points : 0;
  r->decided_at = t;
}

static void
close_bounds (TwinScore *self,
              guint      i,
              double     t)
{
  const TwinCheck *c = check_at (self, i);
  double out = self->results[i].out_seconds;
  double points = c->penalty > 0 ? MAX (0, c->weight - c->penalty * out) : (out > 0 ? 0 : c->weight);

  decide (self, i, points > 0 || (c->weight == 0 && out == 0), points, t);
}

/* Checks whose window ended before @t are decided; all of them when the
 * run ends. */
static void
close_windows (TwinScore *self,
               double     t,
               gboolean   end)
{
  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      const TwinCheck *c = check_at (self, i);

      if (self->results[i].status != TWIN_CHECK_PENDING || (!end && t <= c->to))
        continue;
      switch (c->kind)
        {
        case TWIN_CHECK_EVENT:
          decide (self, i, !c->expect, c->weight, t);
          break;
        case TWIN_CHECK_BOUNDS:
          close_bounds (self, i, t);
          break;
        case TWIN_CHECK_ACTS_BEFORE:
          decide (self, i, FALSE, 0, t);
          break;
        case TWIN_CHECK_DIAGNOSIS:
        case TWIN_N_CHECK_KINDS:
        default:
          break;
        }
    }
}

static void
event_holds (TwinScore *self,
             TwinAlarm  alarm,
             double     t)
{
  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      const TwinCheck *c = check_at (self, i);

      if (c->event != alarm || t < c->from || t > c->to)
        continue;
      if (c->kind == TWIN_CHECK_EVENT)
        decide (self, i, c->expect, c->weight, t);
      else if (c->kind == TWIN_CHECK_ACTS_BEFORE)
        decide (self, i, FALSE, 0, t);
    }
}

/**
 * twin_score_sample:
 * @t: the scenario's simulated s
 *
 * A state at one of the history's samples.
 */
void
twin_score_sample (TwinScore          *self,
                   const TwinSnapshot *snapshot,
                   double              t)
{
  g_return_if_fail (self != NULL);

  if (self->finished)
    return;
  close_windows (self, t, FALSE);
  for (guint a = 0; a < TWIN_N_ALARMS; a++)
    if (snapshot->alarms & twin_alarm_from_index (a))
      event_holds (self, twin_alarm_from_index (a), t);
  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      const TwinCheck *c = check_at (self, i);
      double v;

      if (c->kind != TWIN_CHECK_BOUNDS || self->results[i].status != TWIN_CHECK_PENDING ||
          t < c->from || t > c->to)
        continue;
      v = twin_snapshot_get_channel (snapshot, c->channel);
      if (v < c->min || v > c->max)
        self->results[i].out_seconds = ++self->out_samples[i] * self->interval;
    }
}

/**
 * twin_score_alarm:
 *
 * An alarm raised or cleared, between samples as it may be.
 */
void
twin_score_alarm (TwinScore            *self,
                  const TwinAlarmEvent *event,
                  double                t)
{
  g_return_if_fail (self != NULL);

  if (!self->finished && event->raised)
    event_holds (self, event->alarm, t);
}

/**
 * twin_score_command:
 *
 * A command applied; only the operator's (window, MQTT, REST) count.
 */
void
twin_score_command (TwinScore         *self,
                    const TwinCommand *command,
                    double             t)
{
  g_return_if_fail (self != NULL);

  if (self->finished ||
      (command->source != TWIN_COMMAND_SOURCE_WINDOW && command->source != TWIN_COMMAND_SOURCE_MQTT &&
       command->source != TWIN_COMMAND_SOURCE_REST))
    return;

  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      const TwinCheck *c = check_at (self, i);
      double v;

      if (c->kind != TWIN_CHECK_ACTS_BEFORE || !(command->fields & c->input) || t < c->from || t > c->to)
        continue;
      v = c->input == TWIN_COMMAND_AMBIENT ? command->ambient : command->rpm_setpoint;
      if (c->below ? v <= c->value : v >= c->value)
        decide (self, i, TRUE, c->weight, t);
    }
}

/**
 * twin_score_diagnose:
 * @fault: what the operator names: "cooling_degraded" or "bearing_defect"
 *
 * Returns: whether there was a diagnosis to make
 */
gboolean
twin_score_diagnose (TwinScore  *self,
                     const char *fault,
                     double      t)
{
  gboolean asked = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->scenario->checks->len; i++)
    {
      const TwinCheck *c = check_at (self, i);

      if (c->kind != TWIN_CHECK_DIAGNOSIS || self->results[i].status != TWIN_CHECK_PENDING)
        continue;
      decide (self, i, g_strcmp0 (fault, c->fault) == 0, c->weight, t);
      asked = TRUE;
    }
  return asked;
}

void
twin_score_use_hint (TwinScore *self)
{
  g_return_if_fail (self != NULL);

  self->hints_used++;
}

/**
 * twin_score_finish:
 * @t: the scenario's end
 *
 * Decides every check still pending.
 */
void
twin_score_finish (TwinScore *self,
                   double     t)
{
  g_return_if_fail (self != NULL);

  if (self->finished)
    return;
  close_windows (self, t, TRUE);
  for (guint i = 0; i < self->scenario->checks->len; i++)
    if (check_at (self, i)->kind == TWIN_CHECK_DIAGNOSIS)
      decide (self, i, FALSE, 0, t);
  self->finished = TRUE;
}

gboolean
twin_score_is_finished (TwinScore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->finished;
}

const TwinCheckResult *
twin_score_get_result (TwinScore *self,
                       guint      i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->scenario->checks->len, NULL);

  return &self->results[i];
}

guint
twin_score_get_hints_used (TwinScore *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->hints_used;
}

/**
 * twin_score_get_total:
 *
 * Returns: 0 to 100, from the points so far
 */
double
twin_score_get_total (TwinScore *self)
{
  double weights, points = 0;

  g_return_val_if_fail (self != NULL, 0);

  weights = twin_scenario_total_weight (self->scenario);
  for (guint i = 0; i < self->scenario->checks->len; i++)
    points += self->results[i].points;
  return CLAMP ((weights > 0 ? 100 * points / weights : 100) - self->hints_used * self->scenario->hint_cost, 0, 100);
}

/**
 * twin_score_get_failed:
 *
 * Returns: how many checks failed
 */
guint
twin_score_get_failed (TwinScore *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->scenario->checks->len; i++)
    n += self->results[i].status == TWIN_CHECK_FAILED;
  return n;
}

gboolean
twin_score_passed (TwinScore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->finished && twin_score_get_failed (self) == 0 &&
         twin_score_get_total (self) >= self->scenario->pass_mark;
}
