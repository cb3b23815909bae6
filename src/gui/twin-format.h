/* twin-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-fields.h"

G_BEGIN_DECLS

char *twin_format_grouped   (double              value,
                             int                 digits);
char *twin_format_duration  (double              seconds);
char *twin_format_duration_at (double            seconds,
                               double            resolution);
char *twin_format_time_ahead (double             seconds);
char *twin_format_time_range (double             low,
                              double             high);
void  twin_format_set_class (GtkWidget          *widget,
                             const char * const *classes,
                             guint               n_classes,
                             guint               selected);

char *twin_format_input     (TwinInput           input,
                             double              value);
char *twin_format_time_scale (double             scale);
char *twin_format_clock     (double              seconds);

G_END_DECLS
