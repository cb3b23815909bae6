/* twin-test-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "twin-test-env.h"
#include "twin-test-process.h"
#include "twin-test-wait.h"

typedef struct
{
  GInputStream *stream;
  GString      *text;
  gboolean      done;     /* end of stream */
} Output;

struct _TwinTestProcess
{
  GSubprocess *process;
  Output       out;
  Output       err;
  gboolean     exited;
};

const char *
twin_test_binary (void)
{
  const char *bin = g_getenv ("TWINSCOPE_BIN");

  g_assert_nonnull (bin);
  return bin;
}

/* The child goes when the test goes, even when it aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void read_more (Output *output);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Output *output = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  g_assert_no_error (error);
  if (g_bytes_get_size (bytes) == 0)
    {
      output->done = TRUE;
      return;
    }
  g_string_append_len (output->text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (output);
}

static void
read_more (Output *output)
{
  g_input_stream_read_bytes_async (output->stream, 4096, G_PRIORITY_DEFAULT, NULL, read_cb, output);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  TwinTestProcess *self = data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  self->exited = TRUE;
}

/**
 * twin_test_process_new:
 * @args: the arguments after the binary's name
 * @env: (nullable): pairs of a variable's name and its value (%NULL to
 *   unset it), after the test's own environment
 *
 * Starts the binary with its standard output and error read into memory
 * as the main context runs.
 */
TwinTestProcess *
twin_test_process_new (const char * const *args,
                       const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  TwinTestProcess *self = g_new0 (TwinTestProcess, 1);

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    {
      if (env[i + 1] != NULL)
        g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  g_ptr_array_add (argv, (char *)twin_test_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  self->out.stream = g_subprocess_get_stdout_pipe (self->process);
  self->out.text = g_string_new (NULL);
  self->err.stream = g_subprocess_get_stderr_pipe (self->process);
  self->err.text = g_string_new (NULL);
  read_more (&self->out);
  read_more (&self->err);
  g_subprocess_wait_async (self->process, NULL, exited_cb, self);

  return self;
}

typedef struct
{
  TwinTestProcess *process;
  const char      *marker;
  const char      *found;
} LineWait;

static gboolean
line_or_end (gpointer data)
{
  LineWait *w = data;
  const char *at = strstr (w->process->err.text->str, w->marker);

  if (at != NULL && strchr (at, '\n') != NULL)
    w->found = at + strlen (w->marker);
  return w->found != NULL || w->process->err.done;
}

/**
 * twin_test_process_wait_line:
 * @marker: what the line on standard error holds
 *
 * Runs the main context until the process printed a whole line with
 * @marker on its standard error, or closed it (it exited).
 *
 * Returns: (transfer full) (nullable): what follows @marker on that
 *   line, or %NULL when no such line came
 */
char *
twin_test_process_wait_line (TwinTestProcess *self,
                             const char      *marker)
{
  LineWait w = { self, marker, NULL };

  twin_test_wait_until (line_or_end, &w, TWIN_TEST_PROCESS_TIMEOUT_S, "a line with \"%s\" from twinscope", marker);
  return w.found != NULL ? g_strndup (w.found, strcspn (w.found, "\n")) : NULL;
}

static gboolean
all_done (gpointer data)
{
  TwinTestProcess *self = data;

  return self->exited && self->out.done && self->err.done;
}

/* Runs the main context until the process exited and all it wrote is in. */
void
twin_test_process_wait (TwinTestProcess *self)
{
  /* A day of a scenario at once takes a minute or more under ASan. */
  twin_test_wait_until (all_done, self, TWIN_TEST_PROCESS_TIMEOUT_S * (twin_test_sanitized () ? 5 : 1),
                        "twinscope to exit");
}

/* The status it exited with, once waited for; it must not have been killed. */
int
twin_test_process_get_exit_status (TwinTestProcess *self)
{
  g_assert_true (self->exited);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  return g_subprocess_get_exit_status (self->process);
}

/* SIGTERM, as a service manager stops it, and waits for it to exit. */
void
twin_test_process_terminate (TwinTestProcess *self)
{
  g_subprocess_send_signal (self->process, SIGTERM);
  twin_test_process_wait (self);
}

/* SIGKILL, by PID: no goodbye. */
void
twin_test_process_kill (TwinTestProcess *self)
{
  g_subprocess_force_exit (self->process);
  twin_test_process_wait (self);
}

const char *
twin_test_process_get_stdout (TwinTestProcess *self)
{
  return self->out.text->str;
}

const char *
twin_test_process_get_stderr (TwinTestProcess *self)
{
  return self->err.text->str;
}

/* Kills the process if it still runs: nothing outlives its test. */
void
twin_test_process_free (TwinTestProcess *self)
{
  if (!all_done (self))
    twin_test_process_kill (self);
  g_object_unref (self->process);
  g_string_free (self->out.text, TRUE);
  g_string_free (self->err.text, TRUE);
  g_free (self);
}

/**
 * twin_test_run_binary:
 * @out: (out) (optional): what it printed on standard output
 * @err: (out) (optional): what it printed on standard error
 *
 * Runs the binary to its end.
 *
 * Returns: the status it exited with
 */
int
twin_test_run_binary (const char * const  *args,
                      char               **out,
                      char               **err)
{
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);

  twin_test_process_wait (process);
  if (out != NULL)
    *out = g_strdup (twin_test_process_get_stdout (process));
  if (err != NULL)
    *err = g_strdup (twin_test_process_get_stderr (process));
  return twin_test_process_get_exit_status (process);
}

typedef struct
{
  char     *out;
  GError   *error;
  gboolean  done;
} Communication;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Communication *c = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, NULL, &c->error);
  c->done = TRUE;
}

static gboolean
communicated (gpointer data)
{
  Communication *c = data;

  return c->done;
}

/**
 * twin_test_run_tool:
 * @argv: a program, looked up in PATH, and its arguments
 * @input: (nullable): what it reads on its standard input
 * @status: (out): the status it exited with
 *
 * Runs a program to its end, with the main context running meanwhile.
 *
 * Returns: (transfer full): its standard output and error, merged
 */
char *
twin_test_run_tool (const char * const *argv,
                    const char         *input,
                    int                *status)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communication c = { NULL, NULL, FALSE };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicated_cb, &c);
  twin_test_wait_until (communicated, &c, TWIN_TEST_PROCESS_TIMEOUT_S, "%s to finish", argv[0]);
  g_assert_no_error (c.error);
  *status = g_subprocess_get_exit_status (process);
  return c.out;
}
