/* ms-server-row.c: one server (incoming or outgoing), summarised and editable
 *
 * Collapsed, the row says in one line where mail goes; "Edit settings" opens it to show
 * the server's name, port, encryption and user name, validated as they are typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-server-row.h"

struct _MsServerRow
{
  AdwExpanderRow parent_instance;

  GtkImage *icon;
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwComboRow *security_row;
  gboolean editing;        /* the form is open: ports and protocol names shown */
  AdwEntryRow *username_row;
  AdwActionRow *error_row;

  MsServer *server;     /* as given */
  MsAddress *address;
  gboolean loading;     /* filling the fields: not an edit */
  gboolean edited;
  gboolean valid;
};

G_DEFINE_FINAL_TYPE (MsServerRow, ms_server_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ms_server_row_new (void)
{
  return g_object_new (MS_TYPE_SERVER_ROW, NULL);
}

static MsSecurity
selected_security (MsServerRow *self)
{
  switch (adw_combo_row_get_selected (self->security_row))
    {
    case 1:
      return MS_SECURITY_STARTTLS;
    case 2:
      return MS_SECURITY_NONE;
    case 0:
    default:
      return MS_SECURITY_TLS;
    }
}

/* In the summary, plain words; the protocol's name only in the editor. */
static const char *
protocol_title (MsProtocol protocol,
                gboolean   editing)
{
  if (!editing)
    return protocol == MS_PROTOCOL_SMTP ? _("Outgoing Mail") : _("Incoming Mail");
  return ms_protocol_get_title (protocol);
}

/* Validates the fields; returns the server as edited, or NULL with @message set. */
static MsServer *
build_server (MsServerRow  *self,
              char        **message)
{
  const char *host_text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  g_autofree char *host = NULL;
  g_autofree char *port_stripped = g_strstrip (g_strdup (port_text));
  g_autoptr (GError) error = NULL;
  guint64 port = 0;
  MsServer *server;

  if (self->server == NULL)
    return NULL;

  host = ms_hostname_normalize (host_text, MS_HOSTNAME_ALLOW_SINGLE_LABEL | MS_HOSTNAME_ALLOW_IP,
                                &error);
  if (host == NULL)
    {
      /* TRANSLATORS: %s explains what is wrong with the server name */
      *message = g_strdup_printf (_("Server: %s"), error->message);
      return NULL;
    }
  if (!g_ascii_string_to_unsigned (port_stripped, 10, 1, 65535, &port, NULL))
    {
      *message = g_strdup (_("Port: enter a number from 1 to 65535, such as 993."));
      return NULL;
    }
  if (*username == '\0')
    {
      *message = g_strdup (_("User name: enter the name you sign in with, often your email address."));
      return NULL;
    }

  server = ms_server_copy (self->server);
  ms_server_set_host (server, host);
  ms_server_set_port (server, (guint16) port);
  ms_server_set_security (server, selected_security (self));
  if (self->address != NULL && g_strcmp0 (username, ms_address_get_address (self->address)) == 0 &&
      ms_server_get_username (self->server) == NULL)
    ms_server_set_username (server, NULL);
  else
    ms_server_set_username (server, username);
  return server;
}

/* What a screen reader says of the row: libadwaita 1.2 leaves an expander row unnamed,
 * without its summary and without its state. */
static void
update_accessible (MsServerRow *self)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (self);
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  const char *subtitle = adw_expander_row_get_subtitle (row);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle != NULL ? subtitle : "",
                                  -1);
  if (adw_expander_row_get_enable_expansion (row))
    gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED,
                                 adw_expander_row_get_expanded (row), -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED);
}

static void
update (MsServerRow *self)
{
  g_autofree char *message = NULL;
  g_autoptr (MsServer) server = build_server (self, &message);
  gboolean valid = server != NULL;

  if (self->server != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                   protocol_title (ms_server_get_protocol (self->server), self->editing));
  if (server != NULL)
    {
      /* TRANSLATORS: a server in one line: host name, port, encryption,
       * e.g. "imap.example.com, port 993, TLS" */
      g_autofree char *summary = self->editing
                                 ? g_strdup_printf (_("%s, port %u, %s"),
                                                    ms_server_get_host (server),
                                                    ms_server_get_port (server),
                                                    ms_security_get_label (ms_server_get_security (server)))
                                 : g_strdup (ms_server_get_host (server));
      const char *note = ms_server_get_note (server);

      /* no sign-in, or only from the provider's network: said under the server */
      if (note != NULL)
        {
          g_autofree char *both = g_strdup_printf ("%s\n%s", summary, note);

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), both);
        }
      else
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
    }
  else if (message != NULL)
    {
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), message);
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
  self->valid = valid;
  update_accessible (self);
}

static void
on_field_changed (MsServerRow *self)
{
  if (self->loading)
    return;
  self->edited = TRUE;
  update (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A port that goes with one encryption (993 TLS, 143 STARTTLS, …) brings it along. */
static void
on_port_changed (MsServerRow *self)
{
  guint64 port = 0;

  if (!self->loading && self->server != NULL &&
      g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), 10, 1,
                                  65535, &port, NULL))
    {
      MsProtocol protocol = ms_server_get_protocol (self->server);

      for (MsSecurity security = MS_SECURITY_TLS; security <= MS_SECURITY_STARTTLS; security++)
        if (port == ms_protocol_default_port (protocol, security) &&
            selected_security (self) != security)
          {
            self->loading = TRUE;
            adw_combo_row_set_selected (self->security_row, (guint) security);
            self->loading = FALSE;
          }
    }
  on_field_changed (self);
}

static void
on_security_changed (MsServerRow *self)
{
  MsProtocol protocol;
  guint64 port = 0;

  if (self->loading || self->server == NULL)
    return;

  /* A port that was the usual one for the old encryption follows the new one. */
  protocol = ms_server_get_protocol (self->server);
  if (g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), 10, 1,
                                  65535, &port, NULL))
    {
      MsSecurity now = selected_security (self);

      for (MsSecurity before = MS_SECURITY_TLS; before <= MS_SECURITY_NONE; before++)
        if (before != now && port == ms_protocol_default_port (protocol, before) &&
            port != ms_protocol_default_port (protocol, now))
          {
            g_autofree char *text = g_strdup_printf ("%u", ms_protocol_default_port (protocol, now));

            self->loading = TRUE;
            gtk_editable_set_text (GTK_EDITABLE (self->port_row), text);
            self->loading = FALSE;
            break;
          }
    }
  on_field_changed (self);
}

void
ms_server_row_set_server (MsServerRow *self,
                          MsServer    *server,
                          MsAddress   *address)
{
  g_autofree char *port = NULL;
  const char *username;

  g_return_if_fail (MS_IS_SERVER_ROW (self));

  g_clear_pointer (&self->server, ms_server_unref);
  g_clear_pointer (&self->address, ms_address_unref);
  self->server = server != NULL ? ms_server_copy (server) : NULL;
  self->address = address != NULL ? ms_address_ref (address) : NULL;
  self->edited = FALSE;

  self->loading = TRUE;
  if (self->server != NULL)
    {
      MsProtocol protocol = ms_server_get_protocol (self->server);

      port = g_strdup_printf ("%u", ms_server_get_port (self->server));
      username = ms_server_get_username (self->server);
      if (username == NULL && address != NULL)
        username = ms_address_get_address (address);
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), ms_server_get_host (self->server));
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), username != NULL ? username : "");
      adw_combo_row_set_selected (self->security_row, (guint) ms_server_get_security (self->server));
      gtk_image_set_from_icon_name (self->icon, ms_protocol_is_incoming (protocol)
                                                ? "mail-unread-symbolic" : "mail-send-symbolic");
    }
  self->loading = FALSE;
  update (self);
}

MsServer *
ms_server_row_dup_server (MsServerRow *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (MS_IS_SERVER_ROW (self), NULL);
  return build_server (self, &message);
}

gboolean
ms_server_row_get_valid (MsServerRow *self)
{
  g_return_val_if_fail (MS_IS_SERVER_ROW (self), FALSE);
  return self->valid;
}

gboolean
ms_server_row_get_edited (MsServerRow *self)
{
  g_return_val_if_fail (MS_IS_SERVER_ROW (self), FALSE);
  return self->edited;
}

void
ms_server_row_set_editing (MsServerRow *self,
                           gboolean     editing)
{
  g_return_if_fail (MS_IS_SERVER_ROW (self));

  self->editing = editing;
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), editing);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), editing);
  /* Until Edit Settings, the row is a summary: no Tab stop, no arrow that looks active. */
  gtk_widget_set_can_focus (GTK_WIDGET (self), editing);
  if (editing)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "ms-locked");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "ms-locked");
  update_accessible (self);
  if (self->server != NULL)
    update (self);
}

static void
ms_server_row_dispose (GObject *object)
{
  MsServerRow *self = MS_SERVER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SERVER_ROW);
  g_clear_pointer (&self->server, ms_server_unref);
  g_clear_pointer (&self->address, ms_address_unref);

  G_OBJECT_CLASS (ms_server_row_parent_class)->dispose (object);
}

static void
ms_server_row_class_init (MsServerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_server_row_dispose;

  /**
   * MsServerRow::changed:
   *
   * The user changed one of the fields.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-server-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, icon);
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, host_row);
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, port_row);
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, security_row);
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, username_row);
  gtk_widget_class_bind_template_child (widget_class, MsServerRow, error_row);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_security_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_port_changed);
}

static void
ms_server_row_init (MsServerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "notify::expanded", G_CALLBACK (update_accessible), self);
  ms_server_row_set_editing (self, FALSE);
}
