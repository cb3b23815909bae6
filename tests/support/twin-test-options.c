/* twin-test-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-options.h"

/**
 * twin_test_parse_options:
 * @options: (out caller-allocates): for twin_options_clear()
 * @args: the arguments after the binary's name
 *
 * @args as main() takes them, parsed and validated; they must be valid.
 */
void
twin_test_parse_options (TwinOptions        *options,
                         const char * const *args)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree GOptionEntry *entries = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  twin_options_init (options);
  entries = twin_options_get_entries (options);
  g_option_context_add_main_entries (context, entries, NULL);
  g_strv_builder_add (builder, "twinscope");
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_option_context_parse_strv (context, &argv, &error));
  g_assert_no_error (error);
  g_assert_true (twin_options_validate (options, &error));
  g_assert_no_error (error);
}
