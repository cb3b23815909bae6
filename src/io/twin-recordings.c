/* twin-recordings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flight recorder as REST and MQTT drive it: {"start": "NAME"} records
 * to NAME.mcap in the recordings folder ($TWINSCOPE_RECORDING_DIR, else
 * the user's data folder's twinscope/recordings), {"stop": true} finishes
 * the file. A name is a file name, never a path, so a remote client writes
 * nowhere else.
 */

#define G_LOG_DOMAIN "twin-recordings"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-recordings.h"

#define NAME_MAX_LENGTH 64

struct _TwinRecordings
{
  GObject       parent_instance;

  TwinEngine   *engine;
  TwinRecorder *recorder;
  char         *name;
};

G_DEFINE_FINAL_TYPE (TwinRecordings, twin_recordings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * twin_recordings_get_dir:
 *
 * Returns: (transfer full): where remote clients' recordings go
 */
char *
twin_recordings_get_dir (void)
{
  const char *env = g_getenv ("TWINSCOPE_RECORDING_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "twinscope", "recordings", NULL);
}

static gboolean
valid_name (const char *name)
{
  gsize n = strlen (name);

  if (n == 0 || n > NAME_MAX_LENGTH || name[0] == '.')
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_' && name[i] != '.')
      return FALSE;
  return TRUE;
}

static void
twin_recordings_dispose (GObject *object)
{
  TwinRecordings *self = TWIN_RECORDINGS (object);

  if (self->recorder != NULL)
    twin_recorder_stop (self->recorder, NULL);
  g_clear_object (&self->recorder);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_recordings_parent_class)->dispose (object);
}

static void
twin_recordings_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TwinRecordings *self = TWIN_RECORDINGS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, twin_recordings_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_recordings_class_init (TwinRecordingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_recordings_dispose;
  object_class->get_property = twin_recordings_get_property;

  /* The file being written, whoever started it; NULL when none is. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_recordings_init (TwinRecordings *self)
{
}

TwinRecordings *
twin_recordings_new (TwinEngine *engine)
{
  TwinRecordings *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_RECORDINGS, NULL);
  self->engine = g_object_ref (engine);
  return self;
}

static gboolean
check_idle (TwinRecordings  *self,
            GError         **error)
{
  if (self->recorder == NULL)
    return TRUE;
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
               "start: already recording %s; stop it first with {\"stop\": true}", self->name);
  return FALSE;
}

static gboolean
start_at (TwinRecordings  *self,
          const char      *path,
          GError         **error)
{
  self->recorder = twin_recorder_new (self->engine, path, error);
  if (self->recorder == NULL)
    return FALSE;
  self->name = g_path_get_basename (path);
  if (g_str_has_suffix (self->name, ".mcap"))
    self->name[strlen (self->name) - strlen (".mcap")] = '\0';
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
}

/**
 * twin_recordings_start:
 * @name: the file's name without .mcap: letters, digits, '-', '_' and '.'
 */
gboolean
twin_recordings_start (TwinRecordings  *self,
                       const char      *name,
                       GError         **error)
{
  g_autofree char *dir = twin_recordings_get_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), FALSE);

  if (!check_idle (self, error))
    return FALSE;
  if (name == NULL || !valid_name (name))
    {
      g_autofree char *shown = name != NULL ? g_utf8_make_valid (name, MIN (strlen (name), 64)) : g_strdup ("");

      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "start: \"%s\" is not allowed; allowed: a name of 1 to %d letters, digits, '-', '_' or '.', "
                   "not starting with '.'", shown, NAME_MAX_LENGTH);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "recordings folder %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  file = g_strconcat (name, ".mcap", NULL);
  path = g_build_filename (dir, file, NULL);
  return start_at (self, path, error);
}

/**
 * twin_recordings_start_file:
 * @path: any file the user chose, such as the window's Record To… gives;
 *   never a remote client's
 */
gboolean
twin_recordings_start_file (TwinRecordings  *self,
                            const char      *path,
                            GError         **error)
{
  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return check_idle (self, error) && start_at (self, path, error);
}

/**
 * twin_recordings_default_name:
 *
 * Returns: (transfer full): a name for a recording from the local date
 *   and time, "session-2026-11-30-14-05-09", with "-2", "-3"… added
 *   when the recordings folder has one of that name already
 */
char *
twin_recordings_default_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = twin_recordings_get_dir ();
  g_autofree char *stem = g_date_time_format (now, "session-%Y-%m-%d-%H-%M-%S");

  for (guint i = 1;; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (stem) : g_strdup_printf ("%s-%u", stem, i);
      g_autofree char *file = g_strconcat (name, ".mcap", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&name);
    }
}

gboolean
twin_recordings_stop (TwinRecordings  *self,
                      GError         **error)
{
  g_autoptr(TwinRecorder) recorder = NULL;
  gboolean finished;

  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), FALSE);

  if (self->recorder == NULL)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "stop: nothing is being recorded; start with {\"start\": \"NAME\"}");
      return FALSE;
    }
  recorder = g_steal_pointer (&self->recorder);
  g_clear_pointer (&self->name, g_free);
  /* Told once the file has its summary, so that whoever listens can open it. */
  finished = twin_recorder_stop (recorder, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return finished;
}

/**
 * twin_recordings_get_path:
 *
 * Returns: (nullable): the file being written, or %NULL
 */
const char *
twin_recordings_get_path (TwinRecordings *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), NULL);

  return self->recorder != NULL ? twin_recorder_get_path (self->recorder) : NULL;
}

/**
 * twin_recordings_get_recorder:
 *
 * Returns: (transfer none) (nullable): the recorder at work, or %NULL
 */
TwinRecorder *
twin_recordings_get_recorder (TwinRecordings *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), NULL);

  return self->recorder;
}

/**
 * twin_recordings_status:
 *
 * Returns: (transfer full): {"recording": bool, "file": path or null,
 *   "dir": the recordings folder}
 */
cJSON *
twin_recordings_status (TwinRecordings *self)
{
  cJSON *root = cJSON_CreateObject ();
  g_autofree char *dir = twin_recordings_get_dir ();

  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), NULL);

  cJSON_AddBoolToObject (root, "recording", self->recorder != NULL);
  if (self->recorder != NULL)
    cJSON_AddStringToObject (root, "file", twin_recorder_get_path (self->recorder));
  else
    cJSON_AddNullToObject (root, "file");
  cJSON_AddStringToObject (root, "dir", dir);
  return root;
}

/**
 * twin_recordings_handle:
 *
 * One request body, as REST's POST /recording and MQTT's
 * <prefix>/recording take it: {"start": "NAME"} or {"stop": true}, with
 * an optional "id".
 */
gboolean
twin_recordings_handle (TwinRecordings  *self,
                        const char      *data,
                        gsize            length,
                        GError         **error)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *start, *stop;

  g_return_val_if_fail (TWIN_IS_RECORDINGS (self), FALSE);

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error) ||
      (root = twin_json_parse_object (data, length, error)) == NULL)
    return FALSE;
  for (const cJSON *item = root->child; item != NULL; item = item->next)
    if (!g_str_equal (item->string, "start") && !g_str_equal (item->string, "stop") &&
        !g_str_equal (item->string, "id"))
      {
        g_autofree char *shown = twin_json_shorten (item->string, -1);

        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                     "%s: unknown field; allowed: start or stop, and id", shown);
        return FALSE;
      }
  start = cJSON_GetObjectItemCaseSensitive (root, "start");
  stop = cJSON_GetObjectItemCaseSensitive (root, "stop");
  if ((start == NULL) == (stop == NULL))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED, "one of start (a name) or stop (true)");
      return FALSE;
    }
  if (start != NULL)
    return twin_recordings_start (self, cJSON_IsString (start) ? start->valuestring : NULL, error);
  if (!cJSON_IsTrue (stop))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "stop: allowed: true");
      return FALSE;
    }
  return twin_recordings_stop (self, error);
}
