/* ms-setup.c: what the user has told the wizard so far, shared by its pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-setup"

#include "config.h"

#include <string.h>

#include "ms-json.h"
#include "ms-setup.h"

struct _MsSetup
{
  GObject parent_instance;

  char *name;
  MsAddress *address;
  char *password;

  MsDiscoveryResult *discovery;
  MsAccount *account;
  gboolean confirmed;
  char **plaintext_hosts;
  MsTlsTrust *trust;
  MsCheckResult *check;

  char *client_name;
  char **client_desktop_ids;
  char *client_command_line;
  char *export_summary;
  char **written;

  MsFoundAccount *repair_found;
  MsRepairPlan *repair_plan;
};

G_DEFINE_FINAL_TYPE (MsSetup, ms_setup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      /* volatile so the compiler does not drop the stores before free() */
      volatile char *p = *s;
      while (*p != '\0')
        *p++ = '\0';
      g_clear_pointer (s, g_free);
    }
}

MsSetup *
ms_setup_new (void)
{
  return g_object_new (MS_TYPE_SETUP, NULL);
}

const char *
ms_setup_get_name (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->name;
}

void
ms_setup_set_name (MsSetup    *self,
                   const char *name)
{
  g_return_if_fail (MS_IS_SETUP (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

MsAddress *
ms_setup_get_address (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->address;
}

void
ms_setup_set_address (MsSetup   *self,
                      MsAddress *address)
{
  g_return_if_fail (MS_IS_SETUP (self));

  if (self->address == address ||
      (self->address != NULL && address != NULL && ms_address_equal (self->address, address)))
    return;
  g_clear_pointer (&self->address, ms_address_unref);
  self->address = address != NULL ? ms_address_ref (address) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

const char *
ms_setup_get_password (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->password;
}

void
ms_setup_set_password (MsSetup    *self,
                       const char *password)
{
  g_return_if_fail (MS_IS_SETUP (self));

  wipe_string (&self->password);
  self->password = g_strdup (password);
}

MsDiscoveryResult *
ms_setup_get_discovery (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->discovery;
}

void
ms_setup_set_discovery (MsSetup           *self,
                        MsDiscoveryResult *result)
{
  g_return_if_fail (MS_IS_SETUP (self));

  if (result != NULL)
    ms_discovery_result_ref (result);
  g_clear_pointer (&self->discovery, ms_discovery_result_unref);
  self->discovery = result;
}

MsAccount *
ms_setup_get_account (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->account;
}

void
ms_setup_set_account (MsSetup   *self,
                      MsAccount *account)
{
  g_return_if_fail (MS_IS_SETUP (self));
  g_return_if_fail (account == NULL || MS_IS_ACCOUNT (account));

  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

gboolean
ms_setup_get_confirmed (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), FALSE);
  return self->confirmed;
}

void
ms_setup_set_confirmed (MsSetup  *self,
                        gboolean  confirmed)
{
  g_return_if_fail (MS_IS_SETUP (self));
  self->confirmed = !!confirmed;
}

const char * const *
ms_setup_get_plaintext_hosts (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return (const char * const *) self->plaintext_hosts;
}

void
ms_setup_set_plaintext_hosts (MsSetup            *self,
                              const char * const *hosts)
{
  g_return_if_fail (MS_IS_SETUP (self));
  g_strfreev (self->plaintext_hosts);
  self->plaintext_hosts = g_strdupv ((char **) hosts);
}

MsTlsTrust *
ms_setup_get_trust (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->trust;
}

MsCheckResult *
ms_setup_get_check (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->check;
}

void
ms_setup_set_check (MsSetup       *self,
                    MsCheckResult *result)
{
  g_return_if_fail (MS_IS_SETUP (self));

  if (result != NULL)
    ms_check_result_ref (result);
  g_clear_pointer (&self->check, ms_check_result_unref);
  self->check = result;
}

void
ms_setup_set_export (MsSetup            *self,
                     const char         *client_name,
                     const char * const *desktop_ids,
                     const char         *command_line,
                     const char         *summary,
                     const char * const *written)
{
  g_return_if_fail (MS_IS_SETUP (self));

  g_free (self->client_name);
  self->client_name = g_strdup (client_name);
  g_strfreev (self->client_desktop_ids);
  self->client_desktop_ids = g_strdupv ((char **) desktop_ids);
  g_free (self->client_command_line);
  self->client_command_line = g_strdup (command_line);
  g_free (self->export_summary);
  self->export_summary = g_strdup (summary);
  g_strfreev (self->written);
  self->written = g_strdupv ((char **) written);
}

const char *
ms_setup_get_export_summary (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->export_summary;
}

const char *
ms_setup_get_client_name (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->client_name;
}

const char * const *
ms_setup_get_client_desktop_ids (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return (const char * const *) self->client_desktop_ids;
}

const char *
ms_setup_get_client_command_line (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->client_command_line;
}

const char * const *
ms_setup_get_written (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return (const char * const *) self->written;
}

char *
ms_setup_dup_report (MsSetup *self)
{
  GString *report = g_string_new (NULL);

  g_return_val_if_fail (MS_IS_SETUP (self), NULL);

  g_string_append_printf (report, "Mail Setup %s diagnostic report\n", PACKAGE_VERSION);
  g_string_append (report, "(no password is included)\n\n");

  g_string_append (report, "Discovery: ");
  if (self->discovery != NULL)
    {
      g_autoptr (MsJsonBuilder) builder = ms_json_builder_new ();

      ms_discovery_result_to_json (self->discovery, builder);
      g_string_append (report, ms_json_builder_get_text (builder));
    }
  else
    g_string_append (report, "not run (settings entered by hand)");
  g_string_append (report, "\n\nSettings: ");
  if (self->account != NULL)
    {
      g_autofree char *json = ms_account_to_json (self->account);
      g_string_append (report, json);
    }
  else
    g_string_append (report, "none");
  g_string_append_printf (report, "\nConfirmed by the user: %s\n",
                          self->confirmed ? "yes" : "no");

  g_string_append (report, "\nCheck: ");
  if (self->check != NULL)
    {
      g_autoptr (MsJsonBuilder) builder = ms_json_builder_new ();

      ms_check_result_to_json (self->check, builder);
      g_string_append (report, ms_json_builder_get_text (builder));
    }
  else
    g_string_append (report, "not run");
  g_string_append_c (report, '\n');

  /* Belt and braces: the engine's JSON never holds the password, but make sure. */
  if (self->password != NULL && *self->password != '\0' &&
      strstr (report->str, self->password) != NULL)
    {
      g_string_free (report, TRUE);
      return g_strdup ("Mail Setup diagnostic report\n(withheld: it would have contained the password)\n");
    }
  return g_string_free (report, FALSE);
}

static void
ms_setup_finalize (GObject *object)
{
  MsSetup *self = MS_SETUP (object);

  g_clear_pointer (&self->repair_found, ms_found_account_free);
  g_clear_pointer (&self->repair_plan, ms_repair_plan_free);
  g_clear_pointer (&self->discovery, ms_discovery_result_unref);
  g_clear_object (&self->account);
  g_strfreev (self->plaintext_hosts);
  g_clear_pointer (&self->trust, ms_tls_trust_unref);
  g_clear_pointer (&self->check, ms_check_result_unref);
  g_free (self->client_name);
  g_strfreev (self->client_desktop_ids);
  g_free (self->client_command_line);
  g_free (self->export_summary);
  g_strfreev (self->written);

  g_free (self->name);
  g_clear_pointer (&self->address, ms_address_unref);
  wipe_string (&self->password);

  G_OBJECT_CLASS (ms_setup_parent_class)->finalize (object);
}

static void
ms_setup_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsSetup *self = MS_SETUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ADDRESS:
      g_value_set_boxed (value, self->address);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_setup_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MsSetup *self = MS_SETUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ms_setup_set_name (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS:
      ms_setup_set_address (self, g_value_get_boxed (value));
      break;
    case PROP_ACCOUNT:
      ms_setup_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_setup_class_init (MsSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_setup_finalize;
  object_class->get_property = ms_setup_get_property;
  object_class->set_property = ms_setup_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] =
    g_param_spec_boxed ("address", NULL, NULL, MS_TYPE_ADDRESS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, MS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_setup_init (MsSetup *self)
{
  self->trust = ms_tls_trust_new ();
}

MsFoundAccount *
ms_setup_get_repair_found (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->repair_found;
}

void
ms_setup_set_repair_found (MsSetup              *self,
                           const MsFoundAccount *found)
{
  g_return_if_fail (MS_IS_SETUP (self));
  g_clear_pointer (&self->repair_found, ms_found_account_free);
  g_clear_pointer (&self->repair_plan, ms_repair_plan_free);
  if (found != NULL)
    self->repair_found = ms_found_account_copy (found);
}

MsRepairPlan *
ms_setup_get_repair_plan (MsSetup *self)
{
  g_return_val_if_fail (MS_IS_SETUP (self), NULL);
  return self->repair_plan;
}

void
ms_setup_set_repair_plan (MsSetup      *self,
                          MsRepairPlan *plan)
{
  g_return_if_fail (MS_IS_SETUP (self));
  g_clear_pointer (&self->repair_plan, ms_repair_plan_free);
  self->repair_plan = plan;
}
