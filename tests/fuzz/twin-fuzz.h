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

/* A warning or critical from Twinscope's code is a bug whatever the input. */
static inline void
twin_fuzz_init_logging (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
