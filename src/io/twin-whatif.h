/* twin-whatif.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"

G_BEGIN_DECLS

#define TWIN_TYPE_WHATIF (twin_whatif_get_type ())

G_DECLARE_FINAL_TYPE (TwinWhatIf, twin_whatif, TWIN, WHATIF, GObject)

#define TWIN_WHATIF_ERROR (twin_whatif_error_quark ())

typedef enum
{
  TWIN_WHATIF_ERROR_BUSY,
  TWIN_WHATIF_ERROR_FAILED,
} TwinWhatIfError;

typedef enum
{
  TWIN_WHATIF_PREDICT,
  TWIN_WHATIF_ADVISE,
} TwinWhatIfKind;

/* Requests one service runs at once; more are refused as busy. */
#define TWIN_WHATIF_MAX_IN_FLIGHT 2

GQuark      twin_whatif_error_quark   (void);
TwinWhatIf *twin_whatif_new           (TwinEngine          *engine,
                                       const char          *name);
gboolean    twin_whatif_start         (TwinWhatIf          *self,
                                       TwinWhatIfKind       kind,
                                       const char          *data,
                                       gsize                length,
                                       char               **id_json,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data,
                                       GError             **error);
void        twin_whatif_shutdown      (TwinWhatIf          *self);
char       *twin_whatif_finish        (TwinWhatIf          *self,
                                       GAsyncResult        *result,
                                       GError             **error);
guint       twin_whatif_get_in_flight (TwinWhatIf          *self);

G_END_DECLS
