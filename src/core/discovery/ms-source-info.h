/* ms-source-info.h: the discovery sources, each described once — how it is run and how
 * the window and the command line name it
 *
 * Adding a source: its value in MsSource (ms-account.h, rank order), its file in
 * sources/ (and sources/meson.build), and its row in the table of ms-source-info.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"

G_BEGIN_DECLS

/* A run as the sources see it (sources/ms-source-common.h); opaque here. */
typedef struct _MsSourceContext MsSourceContext;

/**
 * MsSourceStart:
 * @MS_SOURCE_START_AT_ONCE: asked synchronously before any network source, without
 *   touching the network; a hit ends the run (these rank above every network source)
 * @MS_SOURCE_START_HTTPS: a network source started at once
 * @MS_SOURCE_START_DNS: a network source started a few milliseconds after the HTTPS
 *   ones, so that their host look-ups queue first in GIO's resolver threads
 */
typedef enum {
  MS_SOURCE_START_AT_ONCE,
  MS_SOURCE_START_HTTPS,
  MS_SOURCE_START_DNS,
} MsSourceStart;

/**
 * MsSourceOriginArgs:
 *
 * What the #MsSourceInfo.origin sentence is given, in this order.
 */
typedef enum {
  MS_SOURCE_ORIGIN_ARGS_NONE,
  MS_SOURCE_ORIGIN_ARGS_DOMAIN,        /* the address's domain */
  MS_SOURCE_ORIGIN_ARGS_HOST_DOMAIN,   /* the provenance URL's host, then the domain */
} MsSourceOriginArgs;

/**
 * MsSourceInfo:
 * @source: which source; the table is in rank order, best first
 * @title: its name, e.g. "Thunderbird’s database" (the discovery page's rows)
 * @description: where it looks, in a phrase ("Found in %s" on the command line)
 * @origin: a sentence saying where settings came from (the settings page), a format
 *   taking @origin_args
 * @origin_args: what @origin is given
 * @origin_named: (nullable): used instead of @origin when the provider has a name (%s)
 * @came_from: what "these come from %s" names (context "settings came from")
 * @start: when it starts
 * @lookup: %MS_SOURCE_START_AT_ONCE sources: the account found, or NULL
 * @run: network sources: finished with ms_source_finish()
 * @target: network sources: what it asks, for the trace
 * @budget_ms: (nullable): network sources: its time allowed; NULL for the source timeout
 *
 * The wording is marked for translation but stored untranslated: read it through the
 * ms_source_get_*() functions below.
 */
typedef struct {
  MsSource            source;

  const char         *title;
  const char         *description;
  const char         *origin;
  MsSourceOriginArgs  origin_args;
  const char         *origin_named;
  const char         *came_from;

  MsSourceStart       start;
  MsAccount        *(*lookup)    (MsSourceContext     *ctx);
  void              (*run)       (MsSourceContext     *ctx,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
  char             *(*target)    (MsSourceContext     *ctx);
  guint             (*budget_ms) (MsSourceContext     *ctx);
} MsSourceInfo;

/* Every source, in rank order (entry i describes MS_SOURCE_BUILTIN + i). */
const MsSourceInfo *ms_source_info_get_all (guint    *n_sources);
/* NULL for MS_SOURCE_NONE or an out-of-range value. */
const MsSourceInfo *ms_source_info_get     (MsSource  source);

/* Translated wording; NULL for MS_SOURCE_NONE (the caller has its own words for
 * "entered by hand"). */
const char *ms_source_get_title       (MsSource    source);
const char *ms_source_get_description (MsSource    source);
const char *ms_source_get_came_from   (MsSource    source);
/* @provider_name, @host nullable; @domain as shown to the user. */
char       *ms_source_dup_origin      (MsSource    source,
                                       const char *provider_name,
                                       const char *host,
                                       const char *domain);

G_END_DECLS
