/* ms-password-entry.c: a password field that tells screen readers only that it is one
 *
 * GTK 4.8 answers AT-SPI's GetText on an editable with gtk_editable_get_text(): a
 * GtkPasswordEntry or an AdwPasswordEntryRow hands the password in clear to anything on
 * the accessibility bus. This field edits through an inner GtkText (its delegate), but
 * its own gtk_editable_get_text() — the one the accessibility bridge asks — is one dot per
 * character; the application reads the password with ms_password_entry_get_password().
 * A toggle next to it, named for screen readers, shows or hides the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-password-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-password-entry.h"

struct _MsPasswordEntry
{
  GtkWidget parent_instance;

  GtkWidget *text;
  GtkWidget *peek;
  char *dots;
};

static void ms_password_entry_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsPasswordEntry, ms_password_entry, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE, ms_password_entry_editable_init))

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The editable's properties come first (from 1); then this one. */
static guint activates_default_prop;

static GtkEditable *
get_delegate (GtkEditable *editable)
{
  return GTK_EDITABLE (MS_PASSWORD_ENTRY (editable)->text);
}

static const char *
get_masked_text (GtkEditable *editable)
{
  MsPasswordEntry *self = MS_PASSWORD_ENTRY (editable);
  glong n = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->text)), -1);
  GString *dots = g_string_sized_new ((gsize) n * 3);

  for (glong i = 0; i < n; i++)
    g_string_append (dots, "●");
  g_free (self->dots);
  self->dots = g_string_free (dots, FALSE);
  return self->dots;
}

static void
ms_password_entry_editable_init (GtkEditableInterface *iface)
{
  iface->get_delegate = get_delegate;
  iface->get_text = get_masked_text;
}

const char *
ms_password_entry_get_password (MsPasswordEntry *self)
{
  g_return_val_if_fail (MS_IS_PASSWORD_ENTRY (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->text));
}

GtkWidget *
ms_password_entry_new (void)
{
  return g_object_new (MS_TYPE_PASSWORD_ENTRY, NULL);
}

static void
on_peek_toggled (MsPasswordEntry *self)
{
  gboolean shown = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->peek));
  const char *name = shown ? _("Hide Password") : _("Show Password");

  gtk_text_set_visibility (GTK_TEXT (self->text), shown);
  gtk_button_set_icon_name (GTK_BUTTON (self->peek), shown ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (self->peek, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->peek), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_activate (MsPasswordEntry *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static gboolean
ms_password_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (MS_PASSWORD_ENTRY (widget)->text);
}

static void
ms_password_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  if (prop_id == activates_default_prop)
    gtk_text_set_activates_default (GTK_TEXT (MS_PASSWORD_ENTRY (object)->text), g_value_get_boolean (value));
  else if (!gtk_editable_delegate_set_property (object, prop_id, value, pspec))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ms_password_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  if (prop_id == activates_default_prop)
    g_value_set_boolean (value, gtk_text_get_activates_default (GTK_TEXT (MS_PASSWORD_ENTRY (object)->text)));
  else if (!gtk_editable_delegate_get_property (object, prop_id, value, pspec))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ms_password_entry_dispose (GObject *object)
{
  MsPasswordEntry *self = MS_PASSWORD_ENTRY (object);

  if (self->text != NULL)
    gtk_editable_finish_delegate (GTK_EDITABLE (self));
  g_clear_pointer (&self->text, gtk_widget_unparent);
  g_clear_pointer (&self->peek, gtk_widget_unparent);

  G_OBJECT_CLASS (ms_password_entry_parent_class)->dispose (object);
}

static void
ms_password_entry_finalize (GObject *object)
{
  MsPasswordEntry *self = MS_PASSWORD_ENTRY (object);

  g_free (self->dots);

  G_OBJECT_CLASS (ms_password_entry_parent_class)->finalize (object);
}

static void
ms_password_entry_class_init (MsPasswordEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = ms_password_entry_set_property;
  object_class->get_property = ms_password_entry_get_property;
  object_class->dispose = ms_password_entry_dispose;
  object_class->finalize = ms_password_entry_finalize;
  widget_class->grab_focus = ms_password_entry_grab_focus;
  activates_default_prop = 1 + gtk_editable_install_properties (object_class, 1);
  g_object_class_install_property (object_class, activates_default_prop,
                                   g_param_spec_boolean ("activates-default", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  /**
   * MsPasswordEntry::activate:
   *
   * Enter was pressed in the field.
   */
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "entry");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TEXT_BOX);
}

static void
ms_password_entry_init (MsPasswordEntry *self)
{
  self->text = gtk_text_new ();
  gtk_text_set_visibility (GTK_TEXT (self->text), FALSE);
  gtk_text_set_input_purpose (GTK_TEXT (self->text), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_widget_set_hexpand (self->text, TRUE);
  gtk_widget_set_parent (self->text, GTK_WIDGET (self));
  gtk_editable_init_delegate (GTK_EDITABLE (self));
  g_signal_connect_swapped (self->text, "activate", G_CALLBACK (on_activate), self);

  self->peek = gtk_toggle_button_new ();
  gtk_widget_add_css_class (self->peek, "flat");
  gtk_widget_set_valign (self->peek, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->peek, GTK_WIDGET (self));
  g_signal_connect_swapped (self->peek, "toggled", G_CALLBACK (on_peek_toggled), self);
  on_peek_toggled (self);
  gtk_widget_add_css_class (GTK_WIDGET (self), "password");
}
