/* ms-repair-list.c: "Fix an account that stopped working" — the accounts on this computer
 *
 * The first page's second offer: every mail account the engine's account reader finds in
 * Evolution and Thunderbird (read in a worker thread, never on the main loop), one row
 * each by address and client. Choosing one puts it into the shared setup and starts the
 * walk of fixing it (win.repair).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-repair-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-account-reader.h"
#include "ms-page.h"
#include "ms-repair-list.h"
#include "ms-repair-rows.h"
#include "ms-text.h"

struct _MsRepairList
{
  AdwPreferencesGroup parent_instance;

  GtkListBox *rows;

  GPtrArray *found;            /* MsFoundAccount, one per account row */
  GCancellable *cancellable;   /* the search, while it runs */
  gboolean searched;
};

G_DEFINE_FINAL_TYPE (MsRepairList, ms_repair_list, ADW_TYPE_PREFERENCES_GROUP)

/* A row that only says something, with a spinner while the search runs. */
static void
add_note (MsRepairList *self,
          const char   *text,
          gboolean      spinner)
{
  GtkWidget *row = ms_repair_rows_add (self->rows, text, NULL);

  if (spinner)
    {
      GtkWidget *spin = gtk_spinner_new ();

      gtk_spinner_set_spinning (GTK_SPINNER (spin), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
    }
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (MsRepairList) self = user_data;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  found = ms_account_reader_find_all_finish (result, &error);
  if (found == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  self->searched = TRUE;
  ms_repair_rows_clear (self->rows);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->found = found != NULL ? g_steal_pointer (&found)
                              : g_ptr_array_new_with_free_func ((GDestroyNotify) ms_found_account_free);

  for (guint i = 0; i < self->found->len; i++)
    {
      const MsFoundAccount *a = g_ptr_array_index (self->found, i);
      /* Anyone may have written these files: shown as plain, sanitised text. */
      g_autofree char *address = ms_text_field (a->address != NULL ? a->address : _("(no address)"));
      g_autofree char *client = ms_repair_rows_client (a);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), address);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), client);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "ms-found-index", GUINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->rows, row);
    }
  if (self->found->len == 0)
    add_note (self, _("No mail account was found in Evolution or Thunderbird."), FALSE);
}

void
ms_repair_list_refresh (MsRepairList *self)
{
  g_return_if_fail (MS_IS_REPAIR_LIST (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  if (!self->searched)
    {
      ms_repair_rows_clear (self->rows);
      add_note (self, _("Looking for mail accounts…"), TRUE);
    }
  ms_account_reader_find_all_async (self->cancellable, on_found, g_object_ref (self));
}

gboolean
ms_repair_list_get_searched (MsRepairList *self)
{
  g_return_val_if_fail (MS_IS_REPAIR_LIST (self), FALSE);
  return self->searched;
}

static void
on_row_activated (MsRepairList  *self,
                  GtkListBoxRow *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ms-found-index"));
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), MS_TYPE_PAGE);

  if (index == 0 || page == NULL || self->found == NULL || index > self->found->len)
    return;
  ms_setup_set_repair_found (ms_page_get_setup (MS_PAGE (page)),
                             g_ptr_array_index (self->found, index - 1));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.repair", NULL);
}

static void
ms_repair_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_repair_list_parent_class)->map (widget);
  ms_repair_list_refresh (MS_REPAIR_LIST (widget));
}

static void
ms_repair_list_dispose (GObject *object)
{
  MsRepairList *self = MS_REPAIR_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_REPAIR_LIST);

  G_OBJECT_CLASS (ms_repair_list_parent_class)->dispose (object);
}

static void
ms_repair_list_class_init (MsRepairListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_repair_list_dispose;
  widget_class->map = ms_repair_list_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-repair-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRepairList, rows);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
ms_repair_list_init (MsRepairList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
