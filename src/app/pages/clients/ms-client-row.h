/* ms-client-row.h: one mail client (or Thunderbird profile) the account can go to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-mail-client.h"

G_BEGIN_DECLS

#define MS_TYPE_CLIENT_ROW (ms_client_row_get_type ())
G_DECLARE_FINAL_TYPE (MsClientRow, ms_client_row, MS, CLIENT_ROW, AdwActionRow)

/* A row for @target (ms_mail_targets_detect). A Thunderbird target without a profile:
 * choosing the row makes one. A locked profile shows that Thunderbird has it open. */
GtkWidget            *ms_client_row_new              (MsMailTarget         *target);
MsMailTarget         *ms_client_row_get_mail_target  (MsClientRow          *self);
const MsMailClient   *ms_client_row_get_client       (MsClientRow          *self);
MsClientKind          ms_client_row_get_kind         (MsClientRow          *self);
/* nullable */
MsThunderbirdProfile *ms_client_row_get_profile      (MsClientRow          *self);
/* "evolution:native", "thunderbird:flatpak:/path/to/profile" — to keep a choice */
const char           *ms_client_row_get_key          (MsClientRow          *self);
/* Where it keeps its accounts ("Thunderbird: /home/…/abc.default"), for Details */
const char           *ms_client_row_get_location     (MsClientRow          *self);
/* The client's name for the Done page: "Evolution", "Thunderbird (Flatpak)" */
const char           *ms_client_row_get_client_name  (MsClientRow          *self);

GtkCheckButton       *ms_client_row_get_radio        (MsClientRow          *self);
gboolean              ms_client_row_get_selected     (MsClientRow          *self);
/* Checks the profile's live lock again, in a worker thread; _finish returns TRUE when it
 * changed. Fails with G_IO_ERROR_CANCELLED, leaving the row as it is, when @cancellable
 * is cancelled or the row is disposed meanwhile. */
void                  ms_client_row_update_lock_async  (MsClientRow          *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean              ms_client_row_update_lock_finish (MsClientRow          *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Thunderbird has the profile open right now. */
gboolean              ms_client_row_get_locked       (MsClientRow          *self);
/* The row can be chosen and written to now. */
gboolean              ms_client_row_get_usable       (MsClientRow          *self);

G_END_DECLS
