/* ms-check-row.h: one server being checked: its steps, then ✔ or a problem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-check.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECK_ROW (ms_check_row_get_type ())
G_DECLARE_FINAL_TYPE (MsCheckRow, ms_check_row, MS, CHECK_ROW, GtkListBoxRow)

GtkWidget                 *ms_check_row_new        (MsServer                  *server);
MsServer                  *ms_check_row_get_server (MsCheckRow                *self);
void                       ms_check_row_set_step   (MsCheckRow                *self,
                                                    MsCheckStep                step);
/* The server's result: ✔ or the problem with its cause and fix. */
void                       ms_check_row_set_result (MsCheckRow                *self,
                                                    const MsCheckServerResult *result);
/* nullable */
const MsCheckServerResult *ms_check_row_get_result (MsCheckRow                *self);
/* Settings already tried for this server (after a one-click fix): their button is not
 * offered again, so two blocked ports do not send the user back and forth. */
void                       ms_check_row_add_tried  (MsCheckRow                *self,
                                                    guint16                    port,
                                                    MsSecurity                 security);
/* Whether a problem's alternative is offered as a button (default TRUE); not where the
 * settings are not the account's to change (the repair walk writes its plan's). */
void                       ms_check_row_set_offer_alternative (MsCheckRow *self,
                                                               gboolean    offer);
/* Copies @from's tried settings, and @from's own server's, into @self. */
void                       ms_check_row_take_tried (MsCheckRow                *self,
                                                    MsCheckRow                *from);
/* Signed in without a problem, or reachable for an account that signs in through the
 * provider's web page. */
gboolean                   ms_check_row_get_ok     (MsCheckRow                *self);

G_END_DECLS
