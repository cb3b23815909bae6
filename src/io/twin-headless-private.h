/* twin-headless-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-csv-log.h"
#include "twin-engine.h"
#include "twin-mqtt.h"
#include "twin-options.h"
#include "twin-outlook.h"
#include "twin-recorder.h"

G_BEGIN_DECLS

typedef struct
{
  GMainLoop            *loop;
  TwinEngine           *engine;
  TwinOutlook          *outlook;
  char                 *forecast;  /* the states' "forecast", as text */
  gboolean              quiet;
  double                duration;
  TwinMqtt             *mqtt;
  const TwinMqttConfig *mqtt_config;
  int                   status;
} Headless;

void          _twin_headless_report_cb        (TwinEngine         *engine,
                                               const TwinSnapshot *snapshot,
                                               Headless           *self);
gboolean      _twin_headless_quit_signal_cb   (gpointer            data);
TwinRecorder *_twin_headless_start_recorder   (TwinEngine         *engine,
                                               const TwinOptions  *options);
int           _twin_headless_stop_recorder    (TwinRecorder       *recorder);
int           _twin_headless_save_csv         (TwinCsvLog         *log,
                                               double              t0,
                                               const TwinOptions  *options);
int           _twin_headless_run_replay       (const TwinOptions  *options);
int           _twin_headless_run_shadow_from  (const TwinOptions  *options);

G_END_DECLS
