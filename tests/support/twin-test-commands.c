/* twin-test-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-commands.h"

typedef struct
{
  TwinEngine  *engine;   /* not owned: compared, never used later */
  TwinCommand  command;
} Entry;

struct _TwinTestCommandLog
{
  TwinEngine *engine;    /* weak; NULL for every engine */
  GArray     *entries;   /* Entry */
  guint       signal_id;
  gulong      hook_id;
};

/* The step a command took effect at is the engine's step count as it
 * announces it: checked as it happens, for every command. */
static void
record (TwinTestCommandLog *self,
        TwinEngine         *engine,
        const TwinCommand  *command)
{
  Entry entry = { engine, *command };

  g_assert_cmpuint (command->step, ==, twin_engine_get_steps (engine));
  g_array_append_val (self->entries, entry);
}

static void
command_applied_cb (TwinEngine         *engine,
                    const TwinCommand  *command,
                    TwinTestCommandLog *self)
{
  record (self, engine, command);
}

static gboolean
command_applied_hook (GSignalInvocationHint *hint,
                      guint                  n_params,
                      const GValue          *params,
                      gpointer               data)
{
  record (data, g_value_get_object (&params[0]), g_value_get_boxed (&params[1]));
  return TRUE;
}

/**
 * twin_test_command_log_new:
 * @engine: (nullable): the engine to listen to; %NULL for every engine,
 *   including those not made yet (an application's)
 */
TwinTestCommandLog *
twin_test_command_log_new (TwinEngine *engine)
{
  TwinTestCommandLog *self = g_new0 (TwinTestCommandLog, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  if (engine != NULL)
    {
      self->engine = engine;
      g_object_add_weak_pointer (G_OBJECT (engine), (gpointer *)&self->engine);
      g_signal_connect (engine, "command-applied", G_CALLBACK (command_applied_cb), self);
    }
  else
    {
      g_type_ensure (TWIN_TYPE_ENGINE);
      g_type_class_unref (g_type_class_ref (TWIN_TYPE_ENGINE));
      self->signal_id = g_signal_lookup ("command-applied", TWIN_TYPE_ENGINE);
      self->hook_id = g_signal_add_emission_hook (self->signal_id, 0, command_applied_hook, self, NULL);
    }

  return self;
}

guint
twin_test_command_log_get_count (TwinTestCommandLog *self)
{
  return self->entries->len;
}

const TwinCommand *
twin_test_command_log_get (TwinTestCommandLog *self,
                           guint               i)
{
  g_assert_cmpuint (i, <, self->entries->len);
  return &g_array_index (self->entries, Entry, i).command;
}

TwinEngine *
twin_test_command_log_get_engine (TwinTestCommandLog *self,
                                  guint               i)
{
  g_assert_cmpuint (i, <, self->entries->len);
  return g_array_index (self->entries, Entry, i).engine;
}

/**
 * twin_test_command_log_take_one:
 * @fields: the #TwinCommandField flags the command has
 * @step: the step it took effect at
 *
 * Asserts that exactly one command was applied since the log was last
 * cleared, from @source, with @fields, at @step; and clears the log.
 */
void
twin_test_command_log_take_one (TwinTestCommandLog *self,
                                TwinCommandSource   source,
                                guint               fields,
                                guint64             step)
{
  const TwinCommand *command;

  g_assert_cmpuint (self->entries->len, ==, 1);
  command = twin_test_command_log_get (self, 0);
  g_assert_cmpstr (twin_command_source_to_string (command->source), ==, twin_command_source_to_string (source));
  g_assert_cmphex (command->fields, ==, fields);
  g_assert_cmpuint (command->step, ==, step);
  twin_test_command_log_clear (self);
}

void
twin_test_command_log_clear (TwinTestCommandLog *self)
{
  g_array_set_size (self->entries, 0);
}

void
twin_test_command_log_free (TwinTestCommandLog *self)
{
  if (self->hook_id != 0)
    g_signal_remove_emission_hook (self->signal_id, self->hook_id);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_object_remove_weak_pointer (G_OBJECT (self->engine), (gpointer *)&self->engine);
    }
  g_array_unref (self->entries);
  g_free (self);
}

/* Applies @command from the program itself, which must take it. */
void
twin_test_apply (TwinEngine  *engine,
                 TwinCommand  command)
{
  g_autoptr(GError) error = NULL;

  command.source = TWIN_COMMAND_SOURCE_PROGRAM;
  if (!twin_engine_apply_command (engine, &command, &error))
    g_error ("command refused: %s", error->message);
}
