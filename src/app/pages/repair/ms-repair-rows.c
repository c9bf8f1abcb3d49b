/* ms-repair-rows.c: the plain rows the repair pages show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-repair-rows.h"
#include "ms-text.h"

void
ms_repair_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
ms_repair_rows_add (GtkListBox *list,
                    const char *title,
                    const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *safe_title = ms_text_sanitize (title, -1, 0, MS_TEXT_MULTI_LINE);
  g_autofree char *safe_subtitle = subtitle != NULL ? ms_text_field (subtitle) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), safe_title);
  if (safe_subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), safe_subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_append (list, row);
  return row;
}

char *
ms_repair_rows_client (const MsFoundAccount *found)
{
  g_autofree char *profile = found->profile_name != NULL ? ms_text_field (found->profile_name) : NULL;

  if (profile != NULL)
    /* TRANSLATORS: a mail client and one of its profiles, "Thunderbird (default)" */
    return g_strdup_printf (_("%s (%s)"), ms_mail_client_get_name (found->client), profile);
  return g_strdup (ms_mail_client_get_name (found->client));
}

static const char *
security_words (const char *value)
{
  MsSecurity security;

  return ms_security_from_string (value, &security) ? ms_security_get_label (security) : value;
}

char *
ms_repair_rows_change_values (const MsRepairChange *change)
{
  gboolean security = change->field == MS_REPAIR_FIELD_SECURITY;

  /* TRANSLATORS: an old and a new setting, "mail.example.com → smtp.example.com" */
  return g_strdup_printf (_("%s → %s"),
                          security ? security_words (change->old_value) : change->old_value,
                          security ? security_words (change->new_value) : change->new_value);
}
