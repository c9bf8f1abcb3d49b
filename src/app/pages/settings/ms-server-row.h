/* ms-server-row.h: one server (incoming or outgoing), summarised and editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-address.h"
#include "ms-server.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER_ROW (ms_server_row_get_type ())
G_DECLARE_FINAL_TYPE (MsServerRow, ms_server_row, MS, SERVER_ROW, AdwExpanderRow)

GtkWidget *ms_server_row_new          (void);
/* Shows @server (copied; nullable = an empty form) for @address (the default user name). */
void       ms_server_row_set_server   (MsServerRow *self,
                                       MsServer    *server,
                                       MsAddress   *address);
/* The server as edited, or NULL while a field is invalid. Transfer full. */
MsServer  *ms_server_row_dup_server   (MsServerRow *self);
gboolean   ms_server_row_get_valid    (MsServerRow *self);
/* The user changed a field since the last ms_server_row_set_server(). */
gboolean   ms_server_row_get_edited   (MsServerRow *self);
/* Opens the form (or closes it and hides the expander arrow). */
void       ms_server_row_set_editing  (MsServerRow *self,
                                       gboolean     editing);

G_END_DECLS
