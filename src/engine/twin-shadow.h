/* twin-shadow.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-snapshot.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SHADOW (twin_shadow_get_type ())

G_DECLARE_FINAL_TYPE (TwinShadow, twin_shadow, TWIN, SHADOW, GObject)

/* A reading is stale when the last one arrived longer ago than this. */
#define TWIN_SHADOW_STALE_AFTER 5.0

/* Measured points kept for the plot; older ones are forgotten. */
#define TWIN_SHADOW_CAPACITY 8192

/* A reading from the physical machine: the tutorial's four keys. */
typedef struct
{
  double temperature;      /* °C */
  double vibration;        /* mm/s */
  double rpm;
  double timestamp;        /* the machine's own clock, s */
} TwinReading;

/* A reading as the twin keeps it, beside what it simulated at that moment. */
typedef struct
{
  TwinReading reading;
  double      sim_time;              /* the twin's simulated s when it arrived */
  gint64      received;              /* monotonic µs */
  double      residual_temperature;  /* measured − simulated */
  double      residual_vibration;
  double      residual_rpm;
} TwinMeasurement;

gboolean    twin_reading_validate          (const TwinReading     *reading,
                                            GError               **error);

TwinShadow *twin_shadow_new                (void);
gboolean    twin_shadow_get_last           (TwinShadow            *self,
                                            TwinMeasurement       *measurement);
GArray     *twin_shadow_get_points         (TwinShadow            *self,
                                            double                 sim_from,
                                            double                 sim_to);
guint64     twin_shadow_get_count          (TwinShadow            *self);
guint64     twin_shadow_get_rejected       (TwinShadow            *self);
const char *twin_shadow_get_last_error     (TwinShadow            *self);
gboolean    twin_shadow_get_stale          (TwinShadow            *self);
void        twin_shadow_set_stale_after    (TwinShadow            *self,
                                            double                 seconds);

G_END_DECLS
