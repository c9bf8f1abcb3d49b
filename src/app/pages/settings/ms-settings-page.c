/* ms-settings-page.c: "Your settings" — the servers found, where from, and editable
 *
 * Shows the incoming server (IMAP preferred, POP3 selectable when offered) and the
 * outgoing one, says where they came from, and asks for an explicit tick before the
 * password may go to servers the address's own domain did not vouch for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-dns-cache.h"
#include "ms-server-row.h"
#include "ms-settings-page.h"
#include "ms-source-info.h"
#include "ms-text.h"

struct _MsSettingsPage
{
  MsPage parent_instance;

  GtkLabel *origin_label;
  GtkWidget *oauth2_box;
  GtkLabel *oauth2_label;
  AdwPreferencesGroup *servers_group;
  GtkToggleButton *edit_button;
  AdwComboRow *protocol_row;
  MsServerRow *incoming_row;
  MsServerRow *outgoing_row;
  GtkWidget *confirm_box;
  GtkLabel *confirm_label;
  GtkCheckButton *confirm_check;
  GtkWidget *plaintext_box;
  GtkLabel *plaintext_label;
  GtkCheckButton *plaintext_check;

  MsDiscoveryResult *seen;    /* the discovery the form was built from */
  MsAddress *seen_address;
  gboolean built;
  MsAccount *base;            /* what was found (or the manual defaults) */
  char *confirm_hosts;        /* the hosts the confirmation text names */
  char *plaintext_hosts;
};

G_DEFINE_FINAL_TYPE (MsSettingsPage, ms_settings_page, MS_TYPE_PAGE)

static const char *
provider_name (MsAccount *account)
{
  const char *name = ms_account_get_provider_short_name (account);

  if (name == NULL)
    name = ms_account_get_provider_name (account);
  return name;
}

static char *
url_host (const char *url)
{
  g_autoptr (GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

/* Where the settings came from, in words, with an honest trust label. */
static char *
origin_sentence (MsAccount *account,
                 gboolean   searched)
{
  const char *domain = ms_address_get_domain_unicode (ms_account_get_address (account));
  g_autofree char *host = url_host (ms_account_get_provenance (account));
  const char *name = provider_name (account);
  char *origin = ms_source_dup_origin (ms_account_get_source (account), name, host, domain);

  if (origin != NULL)
    return origin;
  if (searched)
    /* TRANSLATORS: %s is the address's domain */
    return g_strdup_printf (_("Nothing was found for %s. Enter the settings your provider gave you."),
                            domain);
  return g_strdup (_("Enter the settings your provider gave you."));
}

/* What "these come from %s" names. */
static const char *
source_words (MsSource source)
{
  const char *words = ms_source_get_came_from (source);

  return words != NULL ? words : C_("settings came from", "Mail Setup");
}

static MsServer *
first_of (GPtrArray  *servers,
          MsProtocol  protocol)
{
  for (guint i = 0; i < servers->len; i++)
    if (ms_server_get_protocol (g_ptr_array_index (servers, i)) == protocol)
      return g_ptr_array_index (servers, i);
  return NULL;
}

static MsProtocol
chosen_incoming_protocol (MsSettingsPage *self)
{
  GPtrArray *incoming = ms_account_get_incoming (self->base);
  MsServer *imap = first_of (incoming, MS_PROTOCOL_IMAP);
  MsServer *pop3 = first_of (incoming, MS_PROTOCOL_POP3);

  if (imap != NULL && pop3 != NULL)
    return adw_combo_row_get_selected (self->protocol_row) == 1 ? MS_PROTOCOL_POP3 : MS_PROTOCOL_IMAP;
  return imap != NULL || pop3 == NULL ? MS_PROTOCOL_IMAP : MS_PROTOCOL_POP3;
}

static MsServer *
base_server (MsSettingsPage *self,
             MsProtocol      protocol)
{
  GPtrArray *list = ms_protocol_is_incoming (protocol) ? ms_account_get_incoming (self->base)
                                                       : ms_account_get_outgoing (self->base);
  return first_of (list, protocol);
}

static gboolean
needs_confirmation (MsSettingsPage *self)
{
  return self->base != NULL && ms_account_get_needs_confirmation (self->base);
}

static void
update (MsSettingsPage *self)
{
  g_autoptr (MsServer) in = NULL;
  g_autoptr (MsServer) out = NULL;
  gboolean complete;
  gboolean plaintext = FALSE;

  if (self->base == NULL)
    return;

  in = ms_server_row_dup_server (self->incoming_row);
  out = ms_server_row_dup_server (self->outgoing_row);

  /* Invalid fields open the form so the user sees why Continue is off. */
  if ((in == NULL || out == NULL) && !gtk_toggle_button_get_active (self->edit_button))
    gtk_toggle_button_set_active (self->edit_button, TRUE);

  if (needs_confirmation (self) && in != NULL && out != NULL)
    {
      const char *in_host = ms_server_get_host (in);
      const char *out_host = ms_server_get_host (out);
      const char *domain = ms_address_get_domain_unicode (ms_account_get_address (self->base));
      g_autofree char *hosts = g_strcmp0 (in_host, out_host) == 0
                               ? g_strdup (in_host)
                               /* TRANSLATORS: two server names */
                               : g_strdup_printf (_("%s and %s"), in_host, out_host);
      g_autofree char *markup = NULL;
      g_autofree char *check = NULL;

      /* TRANSLATORS: first %s is the address's domain, second where the settings came
       * from ("DNS records", "a guess"), third one or two server names */
      markup = g_markup_printf_escaped (_("<b>%s</b> did not say which servers to use: these come "
                                          "from %s. Your password will be sent to <b>%s</b>. "
                                          "Continue only if you know that these servers belong "
                                          "to your email provider."),
                                        domain, source_words (ms_account_get_source (self->base)),
                                        hosts);
      gtk_label_set_markup (self->confirm_label, markup);
      /* TRANSLATORS: %s is one or two server names */
      check = g_strdup_printf (_("I _trust %s with my password"), hosts);
      gtk_check_button_set_label (self->confirm_check, check);

      /* A tick is for the servers it named, not for others typed in later. */
      if (g_strcmp0 (self->confirm_hosts, hosts) != 0)
        {
          g_free (self->confirm_hosts);
          self->confirm_hosts = g_steal_pointer (&hosts);
          gtk_check_button_set_active (self->confirm_check, FALSE);
        }
    }
  gtk_widget_set_visible (self->confirm_box, needs_confirmation (self));

  if (in != NULL && out != NULL &&
      (ms_server_get_security (in) == MS_SECURITY_NONE || ms_server_get_security (out) == MS_SECURITY_NONE))
    {
      GString *hosts = g_string_new (NULL);
      g_autofree char *text = NULL;

      plaintext = TRUE;
      if (ms_server_get_security (in) == MS_SECURITY_NONE)
        g_string_append_printf (hosts, "%s:%u", ms_server_get_host (in), ms_server_get_port (in));
      if (ms_server_get_security (out) == MS_SECURITY_NONE)
        g_string_append_printf (hosts, "%s%s:%u", hosts->len > 0 ? ", " : "",
                                ms_server_get_host (out), ms_server_get_port (out));
      /* TRANSLATORS: %s is one or two servers, "host:port" */
      text = g_strdup_printf (_("Without encryption, your password and your mail cross the network "
                                "readable by anyone on the way to %s. Choose this only for a server "
                                "on a network you trust."), hosts->str);
      gtk_label_set_text (self->plaintext_label, text);
      if (g_strcmp0 (self->plaintext_hosts, hosts->str) != 0)
        {
          g_free (self->plaintext_hosts);
          self->plaintext_hosts = g_strdup (hosts->str);
          gtk_check_button_set_active (self->plaintext_check, FALSE);
        }
      g_string_free (hosts, TRUE);
    }
  gtk_widget_set_visible (self->plaintext_box, plaintext);

  complete = in != NULL && out != NULL &&
             (!needs_confirmation (self) || gtk_check_button_get_active (self->confirm_check)) &&
             (!plaintext || gtk_check_button_get_active (self->plaintext_check));
  ms_page_set_complete (MS_PAGE (self), complete);
}

static void
on_edit_toggled (MsSettingsPage *self)
{
  gboolean editing = gtk_toggle_button_get_active (self->edit_button);

  ms_server_row_set_editing (self->incoming_row, editing);
  ms_server_row_set_editing (self->outgoing_row, editing);
}

static void
on_protocol_changed (MsSettingsPage *self)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->protocol_row),
                               adw_combo_row_get_selected (self->protocol_row) == 1
                               ? _("Mail is downloaded to this computer")
                               : _("Mail stays on the server, for all your devices"));
  if (self->base == NULL)
    return;
  ms_server_row_set_server (self->incoming_row,
                            base_server (self, chosen_incoming_protocol (self)),
                            ms_account_get_address (self->base));
  update (self);
}

static MsAccount *
manual_account (MsAddress *address)
{
  MsAccount *account = ms_account_new (address);
  g_autofree char *imap_host = g_strconcat ("imap.", ms_address_get_domain (address), NULL);
  g_autofree char *smtp_host = g_strconcat ("smtp.", ms_address_get_domain (address), NULL);
  g_autoptr (MsServer) in = ms_server_new (MS_PROTOCOL_IMAP, imap_host, 993, MS_SECURITY_TLS, NULL);
  g_autoptr (MsServer) out = ms_server_new (MS_PROTOCOL_SMTP, smtp_host, 465, MS_SECURITY_TLS, NULL);

  ms_server_add_auth (in, MS_AUTH_PASSWORD);
  ms_server_add_auth (out, MS_AUTH_PASSWORD);
  ms_account_add_server (account, in);
  ms_account_add_server (account, out);
  return account;
}

/* The check's name lookups start while the settings are read, so that Continue finds
 * the answers at hand (a round trip less per server). Names only: no connection. */
static void
prefetch_hosts (MsAccount *account)
{
  GPtrArray *sides[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  for (gsize i = 0; i < G_N_ELEMENTS (sides); i++)
    for (guint j = 0; j < sides[i]->len; j++)
      {
        const char *host = ms_server_get_host (g_ptr_array_index (sides[i], j));

        if (host != NULL && *host != '\0')
          ms_dns_cache_prefetch (host);
      }
}

static void
rebuild (MsSettingsPage *self)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsDiscoveryResult *discovery = ms_setup_get_discovery (setup);
  MsAddress *address = ms_setup_get_address (setup);
  MsAccount *found = discovery != NULL ? ms_discovery_result_get_account (discovery) : NULL;
  g_autofree char *origin = NULL;
  g_autofree char *origin_safe = NULL;
  GPtrArray *incoming;
  gboolean manual = found == NULL;
  gboolean oauth2;

  g_clear_object (&self->base);
  self->base = found != NULL ? ms_account_copy (found) : manual_account (address);

  /* Settings with a side missing get the usual guess for it, shown in the open form. */
  incoming = ms_account_get_incoming (self->base);
  if (incoming->len == 0 || ms_account_get_outgoing (self->base)->len == 0)
    {
      g_autoptr (MsAccount) defaults = manual_account (address);

      if (incoming->len == 0)
        ms_account_add_server (self->base, g_ptr_array_index (ms_account_get_incoming (defaults), 0));
      if (ms_account_get_outgoing (self->base)->len == 0)
        ms_account_add_server (self->base, g_ptr_array_index (ms_account_get_outgoing (defaults), 0));
      manual = TRUE;
    }

  origin = origin_sentence (self->base, discovery != NULL);
  /* it may name what a provider's file said: shown only through ms_text_sanitize() */
  origin_safe = ms_text_sanitize (origin, -1, 0, MS_TEXT_ONE_LINE);
  gtk_label_set_text (self->origin_label, origin_safe);

  oauth2 = ms_account_get_oauth2_required (self->base) ||
           ms_server_get_preferred_auth (g_ptr_array_index (incoming, 0)) == MS_AUTH_OAUTH2;
  if (oauth2)
    {
      g_autofree char *name = ms_text_field (provider_name (self->base));
      g_autofree char *text = NULL;

      if (name == NULL)
        name = ms_text_field (ms_address_get_domain_unicode (address));
      /* TRANSLATORS: %s is the provider, e.g. "Gmail" */
      text = g_strdup_printf (_("%s signs you in on its own web page. The first time your mail "
                                "client connects, it opens %s’s sign-in page in your browser. "
                                "Your password is not checked or stored here."), name, name);
      gtk_label_set_text (self->oauth2_label, text);
    }
  gtk_widget_set_visible (self->oauth2_box, oauth2);

  gtk_widget_set_visible (GTK_WIDGET (self->protocol_row),
                          first_of (incoming, MS_PROTOCOL_IMAP) != NULL &&
                          first_of (incoming, MS_PROTOCOL_POP3) != NULL);
  adw_combo_row_set_selected (self->protocol_row, 0);
  on_protocol_changed (self);

  ms_server_row_set_server (self->incoming_row, base_server (self, chosen_incoming_protocol (self)),
                            address);
  ms_server_row_set_server (self->outgoing_row, base_server (self, MS_PROTOCOL_SMTP), address);
  prefetch_hosts (self->base);

  g_clear_pointer (&self->confirm_hosts, g_free);
  g_clear_pointer (&self->plaintext_hosts, g_free);
  gtk_check_button_set_active (self->confirm_check, FALSE);
  gtk_check_button_set_active (self->plaintext_check, FALSE);
  gtk_toggle_button_set_active (self->edit_button, manual);
  on_edit_toggled (self);
  update (self);
}

static void
ms_settings_page_shown (MsPage *page)
{
  MsSettingsPage *self = MS_SETTINGS_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  MsDiscoveryResult *discovery = ms_setup_get_discovery (setup);
  MsAddress *address = ms_setup_get_address (setup);

  if (address == NULL)
    return;
  if (!self->built || discovery != self->seen || self->seen_address == NULL ||
      !ms_address_equal (address, self->seen_address))
    {
      if (discovery != NULL)
        ms_discovery_result_ref (discovery);
      g_clear_pointer (&self->seen, ms_discovery_result_unref);
      self->seen = discovery;
      g_clear_pointer (&self->seen_address, ms_address_unref);
      self->seen_address = ms_address_ref (address);
      self->built = TRUE;
      rebuild (self);
    }
}

static void
ms_settings_page_apply_async (MsPage              *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  MsSettingsPage *self = MS_SETTINGS_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (MsServer) in = ms_server_row_dup_server (self->incoming_row);
  g_autoptr (MsServer) out = ms_server_row_dup_server (self->outgoing_row);
  g_autoptr (MsAccount) account = NULL;
  MsServer *in_base;
  MsServer *out_base;
  GPtrArray *lists[2];
  g_autoptr (GPtrArray) plaintext = g_ptr_array_new_with_free_func (g_free);

  g_task_set_source_tag (task, ms_settings_page_apply_async);
  if (self->base == NULL || in == NULL || out == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Some settings are not valid yet."));
      return;
    }

  in_base = base_server (self, ms_server_get_protocol (in));
  out_base = base_server (self, MS_PROTOCOL_SMTP);

  /* The chosen servers first, as edited; the other entries (e.g. an alternative user
   * name form, or POP3 next to IMAP) after them. */
  account = ms_account_copy (self->base);
  ms_account_clear_servers (account);
  ms_account_add_server (account, in);
  ms_account_add_server (account, out);
  lists[0] = ms_account_get_incoming (self->base);
  lists[1] = ms_account_get_outgoing (self->base);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        MsServer *s = g_ptr_array_index (lists[l], i);

        if (s != in_base && s != out_base)
          ms_account_add_server (account, s);
      }

  if (ms_server_get_security (in) == MS_SECURITY_NONE)
    g_ptr_array_add (plaintext, g_strdup_printf ("%s:%u", ms_server_get_host (in), ms_server_get_port (in)));
  if (ms_server_get_security (out) == MS_SECURITY_NONE)
    g_ptr_array_add (plaintext, g_strdup_printf ("%s:%u", ms_server_get_host (out), ms_server_get_port (out)));
  g_ptr_array_add (plaintext, NULL);

  ms_setup_set_confirmed (setup, !needs_confirmation (self) ||
                                 gtk_check_button_get_active (self->confirm_check));
  ms_setup_set_plaintext_hosts (setup, (const char * const *) plaintext->pdata);
  ms_setup_set_account (setup, account);
  g_task_return_boolean (task, TRUE);
}

static void
ms_settings_page_dispose (GObject *object)
{
  MsSettingsPage *self = MS_SETTINGS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SETTINGS_PAGE);
  g_clear_pointer (&self->seen, ms_discovery_result_unref);
  g_clear_pointer (&self->seen_address, ms_address_unref);
  g_clear_object (&self->base);
  g_clear_pointer (&self->confirm_hosts, g_free);
  g_clear_pointer (&self->plaintext_hosts, g_free);

  G_OBJECT_CLASS (ms_settings_page_parent_class)->dispose (object);
}

static void
ms_settings_page_class_init (MsSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_settings_page_dispose;
  page_class->shown = ms_settings_page_shown;
  page_class->apply_async = ms_settings_page_apply_async;

  g_type_ensure (MS_TYPE_SERVER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, origin_label);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, oauth2_box);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, oauth2_label);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, servers_group);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, confirm_box);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, plaintext_box);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, plaintext_label);
  gtk_widget_class_bind_template_child (widget_class, MsSettingsPage, plaintext_check);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_protocol_changed);
}

static void
ms_settings_page_init (MsSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Your Settings"));
}
