/* twin-recording-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording as the sensor stream of shadow mode: each recorded state's
 * temperature, vibration, speed and time is given to the engine as a
 * reading from the machine, when the engine's simulated time has moved on
 * from the start of the feed by as much as the recording had at that
 * state. The engine's wake-ups land each reading on its step, whether the
 * engine runs at its time scale or at once, so a twin runs in shadow mode
 * against a recorded machine.
 */

#define G_LOG_DOMAIN "twin-recording-feed"

#include "config.h"

#include <gio/gio.h>

#include "twin-json.h"
#include "twin-mcap-reader.h"
#include "twin-recording-feed.h"
#include "twin-replay-private.h"

typedef struct
{
  double      position;   /* recording s */
  TwinReading reading;
} Fed;

struct _TwinRecordingFeed
{
  GObject     parent_instance;

  TwinEngine *engine;
  char       *path;
  GArray     *readings;   /* Fed, by position */
  guint       next;
  double      start;      /* the engine's simulated s when the feed started */
  gboolean    started;
  TwinWakeup  wakeup;
};

G_DEFINE_FINAL_TYPE (TwinRecordingFeed, twin_recording_feed, G_TYPE_OBJECT)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
read_number (const cJSON  *root,
             const char   *key,
             double       *out,
             GError      **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, key);

  if (!cJSON_IsNumber (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "%s: missing or not a number; allowed: a state as the recorder writes it", key);
      return FALSE;
    }
  *out = item->valuedouble;
  return TRUE;
}

/* A recorded state as a reading: the tutorial's four keys. */
static gboolean
read_state (const TwinMcapMessage  *m,
            TwinReading            *reading,
            GError                **error)
{
  g_autoptr(cJSON) root = twin_json_parse_object (m->data, m->length, error);

  return root != NULL &&
         read_number (root, "temperature", &reading->temperature, error) &&
         read_number (root, "vibration", &reading->vibration, error) &&
         read_number (root, "rpm", &reading->rpm, error) &&
         read_number (root, "timestamp", &reading->timestamp, error) &&
         twin_reading_validate (reading, error);
}

static gboolean
load (TwinRecordingFeed  *self,
      GError            **error)
{
  g_autoptr(TwinMcapReader) reader = twin_replay_open_reader (self->path, error);
  g_autoptr(GError) end_error = NULL;
  TwinMcapMessage m;

  if (reader == NULL)
    return FALSE;
  while (twin_mcap_reader_next (reader, &m, &end_error))
    {
      Fed fed = { .position = m.log_time / 1e9 };

      if (!g_str_equal (m.topic, "/state"))
        continue;
      if (!read_state (&m, &fed.reading, error))
        {
          g_prefix_error (error, "recording %s: message on /state at %.3f s: ", self->path, fed.position);
          return FALSE;
        }
      g_array_append_val (self->readings, fed);
    }
  if (end_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&end_error));
      return FALSE;
    }
  if (self->readings->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: no states on /state; allowed: a recording with at least one state", self->path);
      return FALSE;
    }
  return TRUE;
}

static const Fed *
fed_at (TwinRecordingFeed *self,
        guint              i)
{
  return &g_array_index (self->readings, Fed, i);
}

/* The readings due now, then a wake-up for the next one. */
static void
feed_due (TwinRecordingFeed *self)
{
  double now = twin_engine_get_timestamp (self->engine) - self->start;

  while (self->next < self->readings->len &&
         fed_at (self, self->next)->position <= now + TWIN_SIM_TIME_EPSILON)
    {
      g_autoptr(GError) error = NULL;

      /* A refused reading is counted by the shadow, as one from MQTT is. */
      twin_engine_add_reading (self->engine, &fed_at (self, self->next++)->reading, &error);
    }

  if (self->next >= self->readings->len)
    {
      twin_recording_feed_stop (self);
      g_signal_emit (self, signals[FINISHED], 0);
      return;
    }
  twin_wakeup_ask (&self->wakeup, self->engine, self->start + fed_at (self, self->next)->position);
}

static void
wakeup_cb (TwinEngine        *engine,
           double             at,
           TwinRecordingFeed *self)
{
  twin_wakeup_woken (&self->wakeup, at);
  feed_due (self);
}

static void
twin_recording_feed_dispose (GObject *object)
{
  TwinRecordingFeed *self = TWIN_RECORDING_FEED (object);

  if (self->engine != NULL)
    twin_recording_feed_stop (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_recording_feed_parent_class)->dispose (object);
}

static void
twin_recording_feed_finalize (GObject *object)
{
  TwinRecordingFeed *self = TWIN_RECORDING_FEED (object);

  g_clear_pointer (&self->readings, g_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (twin_recording_feed_parent_class)->finalize (object);
}

static void
twin_recording_feed_class_init (TwinRecordingFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_recording_feed_dispose;
  object_class->finalize = twin_recording_feed_finalize;

  /**
   * TwinRecordingFeed::finished:
   *
   * The recording's last state was given to the engine.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_recording_feed_init (TwinRecordingFeed *self)
{
  self->readings = g_array_new (FALSE, FALSE, sizeof (Fed));
}

/**
 * twin_recording_feed_new:
 *
 * Reads the states of the recording @path (up to its last whole record,
 * if it was cut short), to feed @engine's shadow once started.
 */
TwinRecordingFeed *
twin_recording_feed_new (TwinEngine  *engine,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(TwinRecordingFeed) self = NULL;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TWIN_TYPE_RECORDING_FEED, NULL);
  self->path = g_strdup (path);
  if (!load (self, error))
    return NULL;
  self->engine = g_object_ref (engine);
  return g_steal_pointer (&self);
}

/**
 * twin_recording_feed_start:
 *
 * From the engine's simulated time now, gives it each recorded state as
 * a reading when its time has moved on as far as the recording's had:
 * as the engine runs, at its time scale or at once.
 */
void
twin_recording_feed_start (TwinRecordingFeed *self)
{
  g_return_if_fail (TWIN_IS_RECORDING_FEED (self));
  g_return_if_fail (self->engine != NULL);

  if (self->started)
    return;
  self->started = TRUE;
  self->start = twin_engine_get_timestamp (self->engine) - fed_at (self, 0)->position;
  g_signal_connect (self->engine, "wakeup", G_CALLBACK (wakeup_cb), self);
  feed_due (self);
}

/**
 * twin_recording_feed_stop:
 *
 * Gives the engine no more readings.
 */
void
twin_recording_feed_stop (TwinRecordingFeed *self)
{
  g_return_if_fail (TWIN_IS_RECORDING_FEED (self));

  if (self->engine == NULL || !self->started)
    return;
  g_signal_handlers_disconnect_by_data (self->engine, self);
  self->started = FALSE;
  self->wakeup.pending = FALSE;
}

/**
 * twin_recording_feed_get_duration:
 *
 * Returns: the simulated s from the first recorded state to the last
 */
double
twin_recording_feed_get_duration (TwinRecordingFeed *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDING_FEED (self), 0);

  return fed_at (self, self->readings->len - 1)->position - fed_at (self, 0)->position;
}

guint
twin_recording_feed_get_count (TwinRecordingFeed *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDING_FEED (self), 0);

  return self->readings->len;
}

guint
twin_recording_feed_get_fed (TwinRecordingFeed *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDING_FEED (self), 0);

  return self->next;
}

gboolean
twin_recording_feed_is_finished (TwinRecordingFeed *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDING_FEED (self), FALSE);

  return self->next >= self->readings->len;
}
