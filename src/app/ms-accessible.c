/* ms-accessible.c: names for screen readers where GTK 4.8 gets them wrong
 *
 * GTK 4.8 names a button or a tick whose label has a mnemonic with the raw label and the
 * label's text together: "_Continue Continue", "I _trust … I trust …". Every such widget
 * is named here, when it is shown and whenever its label changes, by its text without
 * the underline, and only by that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accessible"

#include "config.h"

#include <string.h>

#include "ms-accessible.h"

static const char *
mnemonic_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_EXPANDER (widget))
    return gtk_expander_get_label (GTK_EXPANDER (widget));
  return NULL;
}

/* "_Save" → "Save", "a__b" → "a_b". */
static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            p++;
          else
            continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
name_widget (GtkWidget *widget)
{
  const char *label = mnemonic_label (widget);
  g_autofree char *name = NULL;

  /* (GTK 4.8 names an expander after its type, and says nothing of whether it is open.) */
  if (GTK_IS_EXPANDER (widget))
    gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_EXPANDED,
                                 gtk_expander_get_expanded (GTK_EXPANDER (widget)), -1);
  if (label == NULL || (strchr (label, '_') == NULL && !GTK_IS_EXPANDER (widget)))
    return;
  name = strip_mnemonic (label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_label_changed (GtkWidget  *widget,
                  GParamSpec *pspec,
                  gpointer    data)
{
  name_widget (widget);
}

static gboolean
on_map_hook (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);

  if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_EXPANDER (widget))
    return TRUE;
  if (g_object_get_data (G_OBJECT (widget), "ms-accessible-watched") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "ms-accessible-watched", GINT_TO_POINTER (1));
      g_signal_connect_after (widget, "notify::label", G_CALLBACK (on_label_changed), NULL);
      g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (on_label_changed), NULL);
      if (GTK_IS_EXPANDER (widget))
        g_signal_connect_after (widget, "notify::expanded", G_CALLBACK (on_label_changed), NULL);
    }
  name_widget (widget);
  return TRUE;
}

void
ms_accessible_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}
