/* twin-rest-origin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-rest.h"

G_BEGIN_DECLS

GStrv    twin_rest_parse_allowed_hosts        (const char          *field,
                                               const char * const  *items,
                                               GError             **error);
GStrv    twin_rest_parse_allowed_origins      (const char          *field,
                                               const char * const  *items,
                                               GError             **error);
gboolean twin_rest_server_set_allowed_hosts   (TwinRestServer      *self,
                                               const char * const  *hosts,
                                               GError             **error);
gboolean twin_rest_server_set_allowed_origins (TwinRestServer      *self,
                                               const char * const  *origins,
                                               GError             **error);

G_END_DECLS
