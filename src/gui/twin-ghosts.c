/* twin-ghosts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ghost futures: what-if branches pinned to stay on the plot, each with
 * a colour of its own, recomputed from the live state whenever the
 * outlook is (one request per ghost in flight), as a list model. They
 * are kept with the window state in GSettings, as JSON commands.
 */

#define G_LOG_DOMAIN "twin-ghosts"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-format.h"
#include "twin-ghosts.h"
#include "twin-json.h"
#include "twin-branch.h"

/* A ghost's ensemble is redone at most this often (wall clock), so that
 * four ghosts never keep both cores busy; its course follows every update. */
#define ENSEMBLE_INTERVAL_US (2 * G_USEC_PER_SEC)

/* The trajectory's samples over a horizon when the outlook has no course yet. */
#define SAMPLES_PER_HORIZON 1000

struct _TwinGhost
{
  GObject       parent_instance;

  guint         index;           /* its colour, 0 … TWIN_GHOSTS_MAX − 1 */
  TwinCommand   branch;
  char         *name;
  char          purpose[16];     /* "ghost-N" */

  TwinForecast *course;
  TwinEnsemble *ensemble;
  gint64        ensemble_asked;  /* monotonic µs */
  guint         n_updates;
  gboolean      in_flight;
  gboolean      again;
  gboolean      removed;
};

G_DEFINE_FINAL_TYPE (TwinGhost, twin_ghost, G_TYPE_OBJECT)

enum {
  GHOST_PROP_0,
  GHOST_PROP_NAME,
  GHOST_N_PROPS
};

static GParamSpec *ghost_properties[GHOST_N_PROPS];

struct _TwinGhosts
{
  GObject         parent_instance;

  TwinEngine     *engine;
  TwinForecaster *forecaster;
  TwinOutlook    *outlook;
  GSettings      *settings;
  GPtrArray      *ghosts;
  gboolean        restoring;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwinGhosts, twin_ghosts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (twin-ghosts-error-quark, twin_ghosts_error)

static void
twin_ghost_finalize (GObject *object)
{
  TwinGhost *self = TWIN_GHOST (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->course, twin_forecast_free);
  g_clear_pointer (&self->ensemble, twin_ensemble_free);

  G_OBJECT_CLASS (twin_ghost_parent_class)->finalize (object);
}

static void
twin_ghost_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwinGhost *self = TWIN_GHOST (object);

  switch (prop_id)
    {
    case GHOST_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_ghost_class_init (TwinGhostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_ghost_finalize;
  object_class->get_property = twin_ghost_get_property;

  ghost_properties[GHOST_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, GHOST_N_PROPS, ghost_properties);
}

static void
twin_ghost_init (TwinGhost *self)
{
}

/* "ambient 38 °C · 3000 rpm" */
const char *
twin_ghost_get_name (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), NULL);

  return self->name;
}

/* Its colour among the ghosts', 0 … TWIN_GHOSTS_MAX − 1. */
guint
twin_ghost_get_index (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), 0);

  return self->index;
}

const TwinCommand *
twin_ghost_get_branch (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), NULL);

  return &self->branch;
}

/* Returns: (nullable): its latest course, from the live state */
const TwinForecast *
twin_ghost_get_course (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), NULL);

  return self->course;
}

/* Returns: (nullable): its latest ensemble */
const TwinEnsemble *
twin_ghost_get_ensemble (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), NULL);

  return self->ensemble;
}

/* How many courses it has had. */
guint
twin_ghost_get_n_updates (TwinGhost *self)
{
  g_return_val_if_fail (TWIN_IS_GHOST (self), 0);

  return self->n_updates;
}

/**
 * twin_ghosts_describe:
 * @live: the live inputs, as the engine's controls
 *
 * Returns: how @branch differs from @live, such as "ambient 38 °C ·
 *   3000 rpm" or "cooling degraded"; "as now" when it does not
 */
char *
twin_ghosts_describe (const TwinCommand *branch,
                      const TwinCommand *live)
{
  static const struct {
    TwinCommandField field;
    gsize            offset;
    const char      *on;
    const char      *off;
  } faults[] = {
    { TWIN_COMMAND_COOLING_DEGRADED, G_STRUCT_OFFSET (TwinCommand, cooling_degraded),
      N_("cooling degraded"), N_("cooling restored") },
    { TWIN_COMMAND_BEARING_DEFECT, G_STRUCT_OFFSET (TwinCommand, bearing_defect),
      N_("bearing defect"), N_("bearing repaired") },
  };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (branch != NULL && live != NULL, NULL);

  if ((branch->fields & TWIN_COMMAND_AMBIENT) && branch->ambient != live->ambient)
    {
      g_autofree char *value = twin_format_input (TWIN_INPUT_AMBIENT, branch->ambient);

      g_ptr_array_add (parts, g_strdup_printf (_("ambient %s"), value));
    }
  if ((branch->fields & TWIN_COMMAND_RPM_SETPOINT) && branch->rpm_setpoint != live->rpm_setpoint)
    g_ptr_array_add (parts, twin_format_input (TWIN_INPUT_RPM_SETPOINT, branch->rpm_setpoint));
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      gboolean on = G_STRUCT_MEMBER (gboolean, branch, faults[i].offset);

      if ((branch->fields & faults[i].field) && on != G_STRUCT_MEMBER (gboolean, live, faults[i].offset))
        g_ptr_array_add (parts, g_strdup (_(on ? faults[i].on : faults[i].off)));
    }

  if (parts->len == 0)
    return g_strdup (_("as now"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

/**
 * twin_ghosts_encode:
 *
 * Returns: @branch as the JSON command that would apply it, its fields
 *   from the command's wire table
 */
char *
twin_ghosts_encode (const TwinCommand *branch)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  const TwinCommandWireField *fields;
  char *printed;
  char *text;
  guint n;

  g_return_val_if_fail (branch != NULL, NULL);

  fields = twin_command_wire_fields (&n);
  for (guint i = 0; i < n; i++)
    {
      const TwinCommandWireField *f = &fields[i];
      const char *value = (const char *)branch + f->offset;
      cJSON *parent = root;

      if (!(branch->fields & f->flag & TWIN_BRANCH_FIELDS))
        continue;
      if (f->group != NULL)
        {
          parent = cJSON_GetObjectItemCaseSensitive (root, f->group);
          if (parent == NULL)
            cJSON_AddItemToObject (root, f->group, parent = cJSON_CreateObject ());
        }
      if (f->kind == TWIN_COMMAND_KIND_NUMBER)
        cJSON_AddItemToObject (parent, twin_command_wire_field_name (f), twin_json_number (*(const double *)value));
      else if (f->kind == TWIN_COMMAND_KIND_BOOLEAN)
        cJSON_AddItemToObject (parent, twin_command_wire_field_name (f), cJSON_CreateBool (*(const gboolean *)value));
    }

  printed = cJSON_PrintUnformatted (root);
  text = g_strdup (printed);
  cJSON_free (printed);

  return text;
}

/**
 * twin_ghosts_decode:
 *
 * Reads a branch written by twin_ghosts_encode(), checked as any command
 * is, and holding only inputs and faults.
 */
gboolean
twin_ghosts_decode (const char   *text,
                    TwinCommand  *branch,
                    GError      **error)
{
  TwinCommand command = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);

  if (!twin_json_parse_command (text, strlen (text), &command, NULL, error))
    return FALSE;
  if (command.fields == 0 || (command.fields & ~TWIN_BRANCH_FIELDS) != 0)
    {
      g_set_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_INVALID,
                   _("A pinned branch “%s” must change only ambient, rpm_setpoint and faults, and at least one of them"),
                   text);
      return FALSE;
    }

  *branch = command;
  return TRUE;
}

static void
update_names (TwinGhosts *self)
{
  TwinCommand live;

  twin_engine_get_controls (self->engine, &live);
  for (guint i = 0; i < self->ghosts->len; i++)
    {
      TwinGhost *ghost = g_ptr_array_index (self->ghosts, i);
      g_autofree char *name = twin_ghosts_describe (&ghost->branch, &live);

      if (g_strcmp0 (name, ghost->name) != 0)
        {
          g_free (ghost->name);
          ghost->name = g_steal_pointer (&name);
          g_object_notify_by_pspec (G_OBJECT (ghost), ghost_properties[GHOST_PROP_NAME]);
        }
    }
}

static void
save (TwinGhosts *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) branches = NULL;

  if (self->settings == NULL || self->restoring)
    return;

  for (guint i = 0; i < self->ghosts->len; i++)
    {
      TwinGhost *ghost = g_ptr_array_index (self->ghosts, i);
      g_autofree char *text = twin_ghosts_encode (&ghost->branch);

      g_strv_builder_add (builder, text);
    }
  branches = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "pinned-branches", (const char * const *)branches);
}

/* The ghosts are held weakly: once they are gone, so is the answer. */
typedef struct
{
  GWeakRef    self;
  TwinGhost  *ghost;
} Request;

static void request_ghost (TwinGhosts *self,
                           TwinGhost  *ghost);

static void
predicted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree Request *request = user_data;
  g_autoptr(TwinGhosts) self = g_weak_ref_get (&request->self);
  g_autoptr(TwinGhost) ghost = request->ghost;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinPrediction) prediction = NULL;

  g_weak_ref_clear (&request->self);
  prediction = twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &error);
  ghost->in_flight = FALSE;
  if (self == NULL || ghost->removed)
    return;

  if (prediction != NULL)
    {
      g_clear_pointer (&ghost->course, twin_forecast_free);
      ghost->course = g_steal_pointer (&prediction->course);
      if (prediction->ensemble != NULL)
        {
          g_clear_pointer (&ghost->ensemble, twin_ensemble_free);
          ghost->ensemble = g_steal_pointer (&prediction->ensemble);
        }
      ghost->n_updates++;
      g_signal_emit (self, signals[SIGNAL_UPDATED], 0, ghost);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No future for the ghost “%s”: %s", ghost->name, error->message);

  if (ghost->again)
    request_ghost (self, ghost);
}

static double
course_interval (TwinGhosts *self,
                 double      horizon)
{
  const TwinForecast *course = twin_outlook_get_course (self->outlook);

  if (course != NULL && course->trajectory != NULL)
    return twin_history_get_interval (course->trajectory);

  return horizon / SAMPLES_PER_HORIZON;
}

static void
request_ghost (TwinGhosts *self,
               TwinGhost  *ghost)
{
  TwinForecastSpec spec;
  TwinSim start;
  Request *request;
  gint64 now = g_get_monotonic_time ();
  guint n_members = 0;
  double horizon = twin_outlook_get_horizon (self->outlook);

  if (ghost->in_flight)
    {
      ghost->again = TRUE;
      return;
    }

  if (ghost->ensemble == NULL || now - ghost->ensemble_asked >= ENSEMBLE_INTERVAL_US)
    {
      n_members = twin_outlook_get_members (self->outlook);
      ghost->ensemble_asked = now;
    }

  twin_engine_get_sim (self->engine, &start);
  twin_forecast_spec_init (&spec, horizon, course_interval (self, horizon));
  spec.change = ghost->branch;
  spec.has_change = TRUE;

  ghost->in_flight = TRUE;
  ghost->again = FALSE;
  request = g_new0 (Request, 1);
  g_weak_ref_init (&request->self, self);
  request->ghost = g_object_ref (ghost);
  twin_forecaster_request (self->forecaster, ghost->purpose, &start, &spec, n_members,
                           predicted_cb, request);
}

static void
outlook_updated_cb (TwinGhosts  *self,
                    TwinOutlook *outlook)
{
  twin_ghosts_refresh (self);
}

static void
command_applied_cb (TwinGhosts *self)
{
  update_names (self);
}

static GType
list_model_get_item_type (GListModel *model)
{
  return TWIN_TYPE_GHOST;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return TWIN_GHOSTS (model)->ghosts->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  TwinGhosts *self = TWIN_GHOSTS (model);

  if (position >= self->ghosts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->ghosts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
twin_ghosts_dispose (GObject *object)
{
  TwinGhosts *self = TWIN_GHOSTS (object);

  for (guint i = 0; self->ghosts != NULL && i < self->ghosts->len; i++)
    {
      TwinGhost *ghost = g_ptr_array_index (self->ghosts, i);

      ghost->removed = TRUE;
      if (ghost->in_flight && self->forecaster != NULL)
        twin_forecaster_cancel (self->forecaster, ghost->purpose);
    }
  g_clear_object (&self->engine);
  g_clear_object (&self->forecaster);
  g_clear_object (&self->outlook);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_ghosts_parent_class)->dispose (object);
}

static void
twin_ghosts_finalize (GObject *object)
{
  TwinGhosts *self = TWIN_GHOSTS (object);

  g_clear_pointer (&self->ghosts, g_ptr_array_unref);

  G_OBJECT_CLASS (twin_ghosts_parent_class)->finalize (object);
}

static void
twin_ghosts_class_init (TwinGhostsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_ghosts_dispose;
  object_class->finalize = twin_ghosts_finalize;

  /**
   * TwinGhosts::updated:
   * @ghost: the ghost with a new course
   */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TWIN_TYPE_GHOST);
}

static void
twin_ghosts_init (TwinGhosts *self)
{
  self->ghosts = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * twin_ghosts_new:
 *
 * Returns: (transfer full): no pinned branches yet, on @engine's live
 *   state, recomputed whenever @outlook is, over its horizon
 */
TwinGhosts *
twin_ghosts_new (TwinEngine     *engine,
                 TwinForecaster *forecaster,
                 TwinOutlook    *outlook)
{
  TwinGhosts *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_FORECASTER (forecaster), NULL);
  g_return_val_if_fail (TWIN_IS_OUTLOOK (outlook), NULL);

  self = g_object_new (TWIN_TYPE_GHOSTS, NULL);
  self->engine = g_object_ref (engine);
  self->forecaster = g_object_ref (forecaster);
  self->outlook = g_object_ref (outlook);
  g_signal_connect_object (outlook, "updated", G_CALLBACK (outlook_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "command-applied", G_CALLBACK (command_applied_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * twin_ghosts_pin:
 * @branch: inputs and faults to hold, as a command
 *
 * Pins @branch as a ghost future in the first free colour and asks for
 * its course at once. Refused with %TWIN_GHOSTS_ERROR_FULL when
 * %TWIN_GHOSTS_MAX are pinned, %TWIN_GHOSTS_ERROR_INVALID when @branch
 * changes anything but inputs and faults.
 *
 * Returns: (transfer none): the new ghost, or %NULL with @error set
 */
TwinGhost *
twin_ghosts_pin (TwinGhosts         *self,
                 const TwinCommand  *branch,
                 GError            **error)
{
  g_autoptr(TwinGhost) ghost = NULL;
  gboolean taken[TWIN_GHOSTS_MAX] = { FALSE };
  guint index = 0;

  g_return_val_if_fail (TWIN_IS_GHOSTS (self), NULL);
  g_return_val_if_fail (branch != NULL, NULL);

  if (self->ghosts->len >= TWIN_GHOSTS_MAX)
    {
      g_set_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_FULL,
                   _("At most %u futures can be pinned; unpin one first"), TWIN_GHOSTS_MAX);
      return NULL;
    }
  if (branch->fields == 0 || (branch->fields & ~TWIN_BRANCH_FIELDS) != 0)
    {
      g_set_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_INVALID,
                   _("A pinned branch must change only ambient, rpm_setpoint and faults, and at least one of them"));
      return NULL;
    }
  if (!twin_command_validate (branch, error))
    return NULL;

  for (guint i = 0; i < self->ghosts->len; i++)
    taken[TWIN_GHOST (g_ptr_array_index (self->ghosts, i))->index] = TRUE;
  while (taken[index])
    index++;

  ghost = g_object_new (TWIN_TYPE_GHOST, NULL);
  ghost->index = index;
  ghost->branch = *branch;
  ghost->branch.source = TWIN_COMMAND_SOURCE_WINDOW;
  g_snprintf (ghost->purpose, sizeof ghost->purpose, "ghost-%u", index + 1);
  g_ptr_array_add (self->ghosts, g_object_ref (ghost));

  update_names (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->ghosts->len - 1, 0, 1);
  save (self);
  request_ghost (self, ghost);

  return ghost;
}

/* Unpins the ghost at @position; its request in flight is let go. */
void
twin_ghosts_remove (TwinGhosts *self,
                    guint       position)
{
  TwinGhost *ghost;

  g_return_if_fail (TWIN_IS_GHOSTS (self));
  g_return_if_fail (position < self->ghosts->len);

  ghost = g_ptr_array_index (self->ghosts, position);
  ghost->removed = TRUE;
  if (ghost->in_flight)
    twin_forecaster_cancel (self->forecaster, ghost->purpose);
  g_ptr_array_remove_index (self->ghosts, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  save (self);
}

/* Asks for every ghost's course from the live state now, or as soon as
 * its last request is answered. */
void
twin_ghosts_refresh (TwinGhosts *self)
{
  g_return_if_fail (TWIN_IS_GHOSTS (self));

  for (guint i = 0; i < self->ghosts->len; i++)
    request_ghost (self, g_ptr_array_index (self->ghosts, i));
}

/**
 * twin_ghosts_bind_settings:
 *
 * Pins the branches kept in @settings' `pinned-branches` (one that does
 * not read is left out, with a warning that names it) and keeps the key
 * current from now on.
 */
void
twin_ghosts_bind_settings (TwinGhosts *self,
                           GSettings  *settings)
{
  g_auto(GStrv) branches = NULL;

  g_return_if_fail (TWIN_IS_GHOSTS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  branches = g_settings_get_strv (settings, "pinned-branches");
  self->restoring = TRUE;
  for (guint i = 0; branches[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      TwinCommand branch;

      if (!twin_ghosts_decode (branches[i], &branch, &error) || !twin_ghosts_pin (self, &branch, &error))
        g_warning ("pinned-branches: left out “%s”: %s", branches[i], error->message);
    }
  self->restoring = FALSE;
  save (self);
}
