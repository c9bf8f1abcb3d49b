/* ms-server.h: one incoming (IMAP, POP3) or outgoing (SMTP) server entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-address.h"

G_BEGIN_DECLS

typedef enum {
  MS_PROTOCOL_IMAP,
  MS_PROTOCOL_POP3,
  MS_PROTOCOL_SMTP,
} MsProtocol;

typedef enum {
  MS_SECURITY_TLS,        /* implicit TLS from the first byte (clientConfig "SSL") */
  MS_SECURITY_STARTTLS,   /* plain connection upgraded with STARTTLS/STLS, required */
  MS_SECURITY_NONE,       /* no encryption at all (clientConfig "plain") */
} MsSecurity;

/**
 * MsAuth:
 * @MS_AUTH_PASSWORD: a password login (clientConfig password-cleartext, plain,
 *   password-encrypted, secure). Sent only inside verified TLS.
 * @MS_AUTH_PASSWORD_ENCRYPTED: hint that the configuration listed a challenge-response
 *   password method (password-encrypted, secure); always set together with
 *   @MS_AUTH_PASSWORD, never alone.
 * @MS_AUTH_OAUTH2: sign-in through the browser (clientConfig OAuth2).
 * @MS_AUTH_NO_SIGN_IN: no sign-in at all (clientConfig "none", outgoing only): the server
 *   relays mail without a password, as a rule only from the provider's own network.
 *   Never combined with another method on the same server.
 *
 * Flags; a server's methods are also kept in their preference order
 * (ms_server_get_auth_methods()).
 */
typedef enum {
  MS_AUTH_NONE               = 0,
  MS_AUTH_PASSWORD           = 1 << 0,
  MS_AUTH_PASSWORD_ENCRYPTED = 1 << 1,
  MS_AUTH_OAUTH2             = 1 << 2,
  MS_AUTH_NO_SIGN_IN         = 1 << 3,
} MsAuth;

/**
 * MsRestriction:
 * @MS_RESTRICTION_NONE: the server takes connections from anywhere
 * @MS_RESTRICTION_CLIENT_IP: the server accepts only some client addresses, as a rule
 *   the provider's own network (clientConfig <restriction>client-IP-address)
 */
typedef enum {
  MS_RESTRICTION_NONE,      /*< skip >*/
  MS_RESTRICTION_CLIENT_IP, /*< nick=client-ip-address >*/
} MsRestriction;

/* "imap", "pop3", "smtp"; NULL for an out-of-range value */
const char *ms_protocol_to_string     (MsProtocol   protocol);
/* case-insensitive; FALSE (and @protocol untouched) if unknown or NULL */
gboolean    ms_protocol_from_string   (const char  *string,
                                       MsProtocol  *protocol);
gboolean    ms_protocol_is_incoming   (MsProtocol   protocol);
/* the usual port: 993/143 IMAP, 995/110 POP3, 465/587 SMTP (TLS/other) */
guint16     ms_protocol_default_port  (MsProtocol   protocol,
                                       MsSecurity   security);

/* "tls", "starttls", "none"; NULL for an out-of-range value */
const char *ms_security_to_string     (MsSecurity   security);
gboolean    ms_security_from_string   (const char  *string,
                                       MsSecurity  *security);
/* For people (translated): "TLS", "STARTTLS", "no encryption". */
const char *ms_security_get_label     (MsSecurity   security);
/* For people (translated): "Incoming Mail (IMAP)", "Incoming Mail (POP3)",
 * "Outgoing Mail (SMTP)". */
const char *ms_protocol_get_title     (MsProtocol   protocol);

/* For one flag: "password", "oauth2", "none" (MS_AUTH_NO_SIGN_IN; MS_AUTH_PASSWORD_ENCRYPTED
 * gives "password", it is a kind of password login). NULL for MS_AUTH_NONE or several flags. */
const char *ms_auth_to_string         (MsAuth       auth);
/* "password", "oauth2" or "none" (also "password-encrypted"); FALSE if unknown */
gboolean    ms_auth_from_string       (const char  *string,
                                       MsAuth      *auth);

/* "client-ip-address"; NULL for MS_RESTRICTION_NONE or an out-of-range value */
const char *ms_restriction_to_string  (MsRestriction restriction);
/* "client-ip-address" (any case, also "client-IP-address"); FALSE if unknown */
gboolean    ms_restriction_from_string (const char   *string,
                                        MsRestriction *restriction);

/**
 * MsServer:
 *
 * A reference-counted server entry. Mutable (the user may edit host, port, security and
 * username) — use ms_server_copy() before changing an entry someone else holds.
 */
typedef struct _MsServer MsServer;

#define MS_TYPE_SERVER (ms_server_get_type ())

GType       ms_server_get_type          (void);

/* A server with no sign-in method yet (add them with ms_server_add_auth()). @host and
 * @username are copied as given (@username nullable); ms_server_resolve() expands
 * placeholders. */
MsServer   *ms_server_new               (MsProtocol   protocol,
                                         const char  *host,
                                         guint16      port,
                                         MsSecurity   security,
                                         const char  *username);
MsServer   *ms_server_ref               (MsServer    *self);
void        ms_server_unref             (MsServer    *self);
MsServer   *ms_server_copy              (MsServer    *self);
/* New server with the placeholders of host and username replaced (see ms_address_expand). */
MsServer   *ms_server_resolve           (MsServer    *self,
                                         MsAddress   *address);

MsProtocol  ms_server_get_protocol      (MsServer    *self);
const char *ms_server_get_host          (MsServer    *self);
void        ms_server_set_host          (MsServer    *self,
                                         const char  *host);
guint16     ms_server_get_port          (MsServer    *self);
void        ms_server_set_port          (MsServer    *self,
                                         guint16      port);
MsSecurity  ms_server_get_security      (MsServer    *self);
void        ms_server_set_security      (MsServer    *self,
                                         MsSecurity   security);
/* nullable: NULL means "the e-mail address" */
const char *ms_server_get_username      (MsServer    *self);
void        ms_server_set_username      (MsServer    *self,
                                         const char  *username);

/* Appends one method: MS_AUTH_OAUTH2, MS_AUTH_NO_SIGN_IN, or a password method
 * (MS_AUTH_PASSWORD, optionally with MS_AUTH_PASSWORD_ENCRYPTED). A method of a kind
 * already present is not added again (its MS_AUTH_PASSWORD_ENCRYPTED bit is merged into
 * the existing entry). */
void        ms_server_add_auth          (MsServer    *self,
                                         MsAuth       auth);
void        ms_server_clear_auth        (MsServer    *self);
/* union of all methods */
MsAuth      ms_server_get_auth          (MsServer    *self);
/* the methods in preference order; each element is MS_AUTH_PASSWORD (maybe with
 * MS_AUTH_PASSWORD_ENCRYPTED), MS_AUTH_OAUTH2 or MS_AUTH_NO_SIGN_IN */
const MsAuth *ms_server_get_auth_methods (MsServer   *self,
                                          guint      *n_methods);
/* the first method, MS_AUTH_NONE if none */
MsAuth      ms_server_get_preferred_auth (MsServer   *self);
/* a password login is among the methods (beside OAuth2 or alone) */
gboolean    ms_server_accepts_password  (MsServer    *self);

MsRestriction ms_server_get_restriction (MsServer    *self);
void        ms_server_set_restriction   (MsServer    *self,
                                         MsRestriction restriction);
/* What the user should know before relying on this server, in plain words (translated),
 * or NULL: no sign-in needed, or only usable from the provider's own network. */
const char *ms_server_get_note          (MsServer    *self);

gboolean    ms_server_equal             (MsServer    *a,
                                         MsServer    *b);
/* "imap://imap.example.com:993/tls" (the CLI's --incoming form), for traces and logs */
char       *ms_server_to_uri            (MsServer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServer, ms_server_unref)

G_END_DECLS
