/* ms-identity-page.c: "Who are you" — name, address and password
 *
 * The address is validated as it is typed; nothing touches the network on this page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-identity-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-identity-page.h"
#include "ms-password-entry.h"
#include "ms-repair-list.h"

struct _MsIdentityPage
{
  MsPage parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *address_row;
  MsPasswordEntry *password_row;
  GtkLabel *address_error;

  MsAddress *address;        /* the last valid parse, or NULL */
  gboolean address_touched;  /* the user left the field or typed an "@" */
};

G_DEFINE_FINAL_TYPE (MsIdentityPage, ms_identity_page, MS_TYPE_PAGE)

static void
ms_identity_page_update (MsIdentityPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  const char *password = ms_password_entry_get_password (self->password_row);
  g_autoptr (GError) error = NULL;
  gboolean show_error;

  g_clear_pointer (&self->address, ms_address_unref);
  self->address = ms_address_parse (text, &error);

  if (strchr (text, '@') != NULL)
    self->address_touched = TRUE;

  /* Do not scold while the first half of the address is still being typed. */
  show_error = error != NULL && self->address_touched && *text != '\0';
  if (show_error)
    {
      gtk_label_set_text (self->address_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->address_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_label_set_text (self->address_error, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->address_row),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), show_error);

  ms_page_set_complete (MS_PAGE (self), self->address != NULL && *password != '\0');
}

static void
on_address_focus_leave (MsIdentityPage *self)
{
  self->address_touched = TRUE;
  ms_identity_page_update (self);
}

static void
ms_identity_page_apply_async (MsPage              *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  MsIdentityPage *self = MS_IDENTITY_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *name = NULL;

  g_task_set_source_tag (task, ms_identity_page_apply_async);

  ms_identity_page_update (self);
  if (self->address == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter a valid email address."));
      return;
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  ms_setup_set_name (setup, *name != '\0' ? name : NULL);
  ms_setup_set_address (setup, self->address);
  ms_setup_set_password (setup, ms_password_entry_get_password (self->password_row));
  g_task_return_boolean (task, TRUE);
}

static void
ms_identity_page_shown (MsPage *page)
{
  MsIdentityPage *self = MS_IDENTITY_PAGE (page);

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
ms_identity_page_dispose (GObject *object)
{
  MsIdentityPage *self = MS_IDENTITY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_IDENTITY_PAGE);
  g_clear_pointer (&self->address, ms_address_unref);

  G_OBJECT_CLASS (ms_identity_page_parent_class)->dispose (object);
}

static void
ms_identity_page_class_init (MsIdentityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_identity_page_dispose;
  page_class->apply_async = ms_identity_page_apply_async;
  page_class->shown = ms_identity_page_shown;

  g_type_ensure (MS_TYPE_PASSWORD_ENTRY);
  g_type_ensure (MS_TYPE_REPAIR_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-identity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsIdentityPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, MsIdentityPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, MsIdentityPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MsIdentityPage, address_error);
  gtk_widget_class_bind_template_callback (widget_class, ms_identity_page_update);
}

static void
ms_identity_page_init (MsIdentityPage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Who Are You?"));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_address_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->address_row), focus);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->address_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->address_error, NULL,
                                  -1);
}
