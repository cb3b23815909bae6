/* twin-fuzz.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the libFuzzer targets share: a check that aborts, which libFuzzer
 * reports as a crash with the input that caused it.
 */

#pragma once

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                              \
  G_STMT_START {                                                           \
    if (G_UNLIKELY (!(cond)))                                              \
      {                                                                    \
        fprintf (stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__);                                     \
        fputc ('\n', stderr);                                              \
        abort ();                                                          \
      }                                                                    \
  } G_STMT_END

#define FUZZ_CHECK_IN_RANGE(field, value, min, max)                        \
  FUZZ_CHECK (isfinite (value) && (value) >= (min) && (value) <= (max),    \
              "%s = %.17g, allowed %g to %g", field, (double)(value),      \
              (double)(min), (double)(max))

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static GLogLevelFlags twin_fuzz_fatal_levels;

/* abort(), which libFuzzer reports with the input, rather than GLib's
 * fatal-log breakpoint (SIGTRAP), which it does not catch. */
static inline void
twin_fuzz_log_cb (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  g_log_default_handler (domain, level, message, user_data);
  if (level & twin_fuzz_fatal_levels)
    abort ();
}

static inline GLogWriterOutput
twin_fuzz_log_writer_cb (GLogLevelFlags   level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  GLogWriterOutput ret = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & twin_fuzz_fatal_levels)
    abort ();
  return ret;
}

/* A message at @fatal from Twinscope's code, or a library's assertion
 * that it was misused, is a bug whatever the input. */
static inline void
twin_fuzz_init_logging (GLogLevelFlags fatal)
{
  twin_fuzz_fatal_levels = fatal | G_LOG_LEVEL_ERROR;
  g_log_set_default_handler (twin_fuzz_log_cb, NULL);
  g_log_set_writer_func (twin_fuzz_log_writer_cb, NULL, NULL);
}
