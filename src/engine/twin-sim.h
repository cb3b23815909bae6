/* twin-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-command.h"
#include "twin-history.h"
#include "twin-model.h"
#include "twin-snapshot.h"

G_BEGIN_DECLS

/* Times within this of each other count as the same, so that 0.01 s
 * steps add up to whole seconds and land on a 0.1 s sample grid. */
#define TWIN_SIM_TIME_EPSILON 1e-9

/* Noise standard deviations, in the units of each quantity. */
#define TWIN_NOISE_TEMPERATURE 0.2
#define TWIN_NOISE_VIBRATION   0.05
#define TWIN_NOISE_RPM         2.0

/* The whole simulation, and nothing that runs it: no clock, no signals,
 * no history. It owns no memory (@model points into the static model
 * registry), so a copy is a plain struct assignment, and copies run on
 * any threads at once. */
typedef struct
{
  const TwinModel *model;
  TwinModelCtx     ctx;
  double           params[TWIN_MODEL_MAX_PARAMS];
  TwinInputs       inputs;
  TwinState        state;

  double           t_base;           /* timestamp at the last model switch */
  guint64          steps_since_base;
  guint64          steps;            /* since the last reset */
  double           pending;          /* requested simulated s, less than one step */
  guint            alarms;           /* TwinAlarm flags as of the last step */

  gboolean         noise;            /* on what is measured, never on the state */
  guint64          noise_seed;
} TwinSim;

typedef struct _TwinSimHooks TwinSimHooks;

/* Every hook may be NULL. They run on the thread that runs the sim. */
struct _TwinSimHooks
{
  /* Before each step and once after the last, with the state as it is. */
  void     (*sample) (const TwinSim        *sim,
                      gpointer              data);
  /* After each step: FALSE stops the run there. */
  gboolean (*step)   (const TwinSim        *sim,
                      gpointer              data);
  void     (*alarm)  (const TwinSim        *sim,
                      const TwinAlarmEvent *event,
                      gpointer              data);
  void     (*trip)   (const TwinSim        *sim,
                      gpointer              data);
};

void     twin_sim_init         (TwinSim            *sim);
void     twin_sim_reset        (TwinSim            *sim);
gboolean twin_sim_set_model    (TwinSim            *sim,
                                const char         *id,
                                GError            **error);
gboolean twin_sim_set_param    (TwinSim            *sim,
                                const char         *name,
                                double              value,
                                GError            **error);
gboolean twin_sim_validate     (const TwinSim      *sim,
                                const TwinCommand  *command,
                                GError            **error);
gboolean twin_sim_apply        (TwinSim            *sim,
                                const TwinCommand  *command,
                                GError            **error);
guint64  twin_sim_take_time    (TwinSim            *sim,
                                double              seconds);
guint64  twin_sim_run          (TwinSim            *sim,
                                guint64             n_steps,
                                const TwinSimHooks *hooks,
                                gpointer            data);

double   twin_sim_measure      (const TwinSim      *sim,
                                TwinChannel         channel,
                                guint64             index,
                                guint               stream);
void     twin_sim_get_sample   (const TwinSim      *sim,
                                guint64             index,
                                TwinSample         *sample);
void     twin_sim_record       (const TwinSim      *sim,
                                TwinHistory        *history);

G_END_DECLS
