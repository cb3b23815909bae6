/* twin-snapshots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instructor's snapshots: the whole simulation kept, by hand or every
 * N simulated minutes, and a backtrack to any of them that restores it
 * exactly. Automatic ones land on exact steps through the engine's
 * wake-ups, so where they fall does not depend on the frame rate or the
 * time scale.
 */

#define G_LOG_DOMAIN "twin-snapshots"

#include "config.h"

#include <math.h>

#include "twin-snapshots.h"

struct _TwinSnapshots
{
  GObject     parent_instance;

  TwinEngine *engine;
  GArray     *entries;        /* TwinSnapshotsEntry, by time then id */
  guint       last_id;
  double      interval;       /* simulated minutes; 0 for none */
  double      next_at;        /* the wake-up asked for; 0 for none */
};

G_DEFINE_FINAL_TYPE (TwinSnapshots, twin_snapshots, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_clear (gpointer data)
{
  TwinSnapshotsEntry *entry = data;

  g_clear_pointer (&entry->label, g_free);
}

static void
unschedule (TwinSnapshots *self)
{
  if (self->next_at > 0)
    twin_engine_remove_wakeup (self->engine, self->next_at);
  self->next_at = 0;
}

/* The next multiple of the interval after the engine's time. */
static void
schedule (TwinSnapshots *self)
{
  double seconds = self->interval * 60;
  double now = twin_engine_get_timestamp (self->engine);

  unschedule (self);
  if (seconds <= 0)
    return;
  self->next_at = (floor (now / seconds + TWIN_SIM_TIME_EPSILON) + 1) * seconds;
  twin_engine_add_wakeup (self->engine, self->next_at);
}

static void
drop_oldest_automatic (TwinSnapshots *self)
{
  guint n = 0;
  guint oldest = G_MAXUINT;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const TwinSnapshotsEntry *e = &g_array_index (self->entries, TwinSnapshotsEntry, i);

      if (!e->automatic)
        continue;
      n++;
      if (oldest == G_MAXUINT || e->id < g_array_index (self->entries, TwinSnapshotsEntry, oldest).id)
        oldest = i;
    }
  if (n > TWIN_SNAPSHOTS_MAX_AUTOMATIC)
    g_array_remove_index (self->entries, oldest);
}

static guint
add_entry (TwinSnapshots *self,
           const char    *label,
           gboolean       automatic)
{
  TwinSnapshotsEntry entry = { .id = ++self->last_id, .automatic = automatic };
  guint i;

  twin_engine_get_sim (self->engine, &entry.sim);
  entry.timestamp = entry.sim.state.timestamp;
  g_strlcpy (entry.run, twin_engine_get_run (self->engine), sizeof entry.run);
  entry.label = label != NULL && label[0] != '\0' ? g_strdup (label) : NULL;

  for (i = self->entries->len; i > 0; i--)
    if (g_array_index (self->entries, TwinSnapshotsEntry, i - 1).timestamp <= entry.timestamp)
      break;
  g_array_insert_val (self->entries, i, entry);
  if (automatic)
    drop_oldest_automatic (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return entry.id;
}

static void
wakeup_cb (TwinEngine    *engine,
           double         at,
           TwinSnapshots *self)
{
  if (self->next_at == 0 || at != self->next_at)
    return;
  self->next_at = 0;
  add_entry (self, NULL, TRUE);
  schedule (self);
}

/* Another user of the wake-ups may have cleared them all (a scenario's
 * end, a replay's Fork here): ask again, before the time is reached. */
static void
engine_changed_cb (TwinSnapshots *self)
{
  if (self->next_at > 0 && !twin_engine_has_wakeup (self->engine, self->next_at))
    {
      self->next_at = 0;
      schedule (self);
    }
}

/* A backtrack, a reset, a seek: the next one is counted from the new time. */
static void
time_jumped_cb (TwinSnapshots *self)
{
  schedule (self);
}

static void
twin_snapshots_dispose (GObject *object)
{
  TwinSnapshots *self = TWIN_SNAPSHOTS (object);

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      unschedule (self);
    }
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_snapshots_parent_class)->dispose (object);
}

static void
twin_snapshots_finalize (GObject *object)
{
  TwinSnapshots *self = TWIN_SNAPSHOTS (object);

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (twin_snapshots_parent_class)->finalize (object);
}

static void
twin_snapshots_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwinSnapshots *self = TWIN_SNAPSHOTS (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_double (value, self->interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_snapshots_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwinSnapshots *self = TWIN_SNAPSHOTS (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_INTERVAL:
      if (!twin_snapshots_set_interval (self, g_value_get_double (value), &error))
        g_warning ("%s", error->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_snapshots_class_init (TwinSnapshotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_snapshots_dispose;
  object_class->finalize = twin_snapshots_finalize;
  object_class->get_property = twin_snapshots_get_property;
  object_class->set_property = twin_snapshots_set_property;

  /**
   * TwinSnapshots:interval:
   *
   * Simulated minutes between automatic snapshots, taken at each multiple
   * of it; 0 for none.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_double ("interval", NULL, NULL, 0, TWIN_SNAPSHOTS_MAX_INTERVAL, TWIN_SNAPSHOTS_DEFAULT_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinSnapshots::changed:
   *
   * A snapshot was taken or dropped.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_snapshots_init (TwinSnapshots *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (TwinSnapshotsEntry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->interval = TWIN_SNAPSHOTS_DEFAULT_INTERVAL;
}

/**
 * twin_snapshots_new:
 *
 * Returns: (transfer full): snapshots of @engine, automatic ones every
 *   %TWIN_SNAPSHOTS_DEFAULT_INTERVAL simulated minutes
 */
TwinSnapshots *
twin_snapshots_new (TwinEngine *engine)
{
  TwinSnapshots *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_SNAPSHOTS, NULL);
  self->engine = g_object_ref (engine);
  g_signal_connect (engine, "wakeup", G_CALLBACK (wakeup_cb), self);
  g_signal_connect_swapped (engine, "restored", G_CALLBACK (time_jumped_cb), self);
  g_signal_connect_swapped (engine, "notify::run", G_CALLBACK (time_jumped_cb), self);
  g_signal_connect_swapped (engine, "changed", G_CALLBACK (engine_changed_cb), self);
  schedule (self);
  return self;
}

/**
 * twin_snapshots_take:
 * @label: (nullable): the instructor's name for it
 *
 * Keeps the engine's whole simulation as it stands now.
 *
 * Returns: the new snapshot's id
 */
guint
twin_snapshots_take (TwinSnapshots *self,
                     const char    *label)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), 0);

  return add_entry (self, label, FALSE);
}

/**
 * twin_snapshots_backtrack:
 * @id: a snapshot's id
 * @source: who asks; refused as the command lock says
 *
 * Restores the snapshot's simulation exactly (twin_engine_restore()):
 * the history keeps what lies up to its time. The snapshots all stay.
 */
gboolean
twin_snapshots_backtrack (TwinSnapshots      *self,
                          guint               id,
                          TwinCommandSource   source,
                          GError            **error)
{
  const TwinSnapshotsEntry *entry;

  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), FALSE);

  entry = twin_snapshots_lookup (self, id);
  if (entry == NULL)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "snapshot: %u is not a snapshot kept; allowed: the id of one listed", id);
      return FALSE;
    }
  if (!twin_engine_check_source (self->engine, source, error))
    return FALSE;
  twin_engine_restore (self->engine, &entry->sim, source);
  return TRUE;
}

guint
twin_snapshots_get_n (TwinSnapshots *self)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), 0);

  return self->entries->len;
}

/**
 * twin_snapshots_get:
 * @position: from 0, in order of simulated time
 *
 * Returns: (transfer none) (nullable): the snapshot, valid until the next
 *   #TwinSnapshots::changed
 */
const TwinSnapshotsEntry *
twin_snapshots_get (TwinSnapshots *self,
                    guint          position)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), NULL);

  if (position >= self->entries->len)
    return NULL;
  return &g_array_index (self->entries, TwinSnapshotsEntry, position);
}

const TwinSnapshotsEntry *
twin_snapshots_lookup (TwinSnapshots *self,
                       guint          id)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, TwinSnapshotsEntry, i).id == id)
      return &g_array_index (self->entries, TwinSnapshotsEntry, i);
  return NULL;
}

double
twin_snapshots_get_interval (TwinSnapshots *self)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), 0);

  return self->interval;
}

/**
 * twin_snapshots_set_interval:
 * @minutes: simulated minutes between automatic snapshots, 0 for none,
 *   else 0.1 to %TWIN_SNAPSHOTS_MAX_INTERVAL
 */
gboolean
twin_snapshots_set_interval (TwinSnapshots  *self,
                             double          minutes,
                             GError        **error)
{
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (self), FALSE);

  if (minutes != 0 &&
      !twin_validate_number ("snapshot_interval", minutes, 0.1, TWIN_SNAPSHOTS_MAX_INTERVAL, "min", error))
    return FALSE;
  if (self->interval == minutes)
    return TRUE;
  self->interval = minutes;
  if (self->engine != NULL)
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
  return TRUE;
}
