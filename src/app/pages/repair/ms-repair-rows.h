/* ms-repair-rows.h: the plain rows the repair pages show (no class: helpers they share)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-account-reader.h"
#include "ms-repair.h"

G_BEGIN_DECLS

/* Removes every row of @list. */
void  ms_repair_rows_clear  (GtkListBox           *list);
/* Appends a row that only says something (not activatable; Tab passes it by). @title
 * and @subtitle (nullable) are shown as plain, sanitised text, never as markup: much of
 * it comes from the client's files. Returns the row (transfer none). */
GtkWidget *ms_repair_rows_add (GtkListBox         *list,
                               const char         *title,
                               const char         *subtitle);
/* A change's old and new value for people: "mail.example.com → smtp.example.com",
 * "no encryption → TLS". */
char *ms_repair_rows_change_values (const MsRepairChange *change);
/* "Evolution", "Thunderbird (default-release)" (sanitised). */
char *ms_repair_rows_client (const MsFoundAccount *found);

G_END_DECLS
