/* ms-application.c: the single-instance application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ms-application.h"
#include "ms-window.h"

struct _MsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MsApplication, ms_application, ADW_TYPE_APPLICATION)

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/mailsetup/MailSetup",
                       NULL);
}

static int
ms_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "mail-setup", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

/* tests/bench/bench-startup: with MS_BENCH_STARTUP set, the first frame the window
 * paints prints the wall clock time and the resident memory, and the application quits. */
static long
status_kb (const char *status,
           const char *key)
{
  const char *line = status != NULL ? strstr (status, key) : NULL;

  return line != NULL ? strtol (line + strlen (key), NULL, 10) : -1;
}

static void
on_first_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  gint64 now = g_get_real_time ();
  g_autofree char *status = NULL;

  g_signal_handlers_disconnect_by_func (clock, on_first_paint, user_data);
  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  g_print ("first-frame-realtime-us=%" G_GINT64_FORMAT " rss-kb=%ld anon-kb=%ld file-kb=%ld\n",
           now, status_kb (status, "VmRSS:"), status_kb (status, "RssAnon:"),
           status_kb (status, "RssFile:"));
  g_application_quit (app);
}

static void
on_window_mapped (GtkWidget *window,
                  gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_paint), user_data, 0);
}

static void
ms_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (ms_window_new (MS_APPLICATION (app)));
      if (g_getenv ("MS_BENCH_STARTUP") != NULL)
        g_signal_connect_object (window, "map", G_CALLBACK (on_window_mapped), app, G_CONNECT_AFTER);
    }

  gtk_window_present (window);
}

static void
ms_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Mail Setup developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Mail Setup"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Set up your email account in Evolution or Thunderbird"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ms_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = ms_application_about_action },
  { .name = "quit", .activate = ms_application_quit_action },
};

static void
ms_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
ms_application_class_init (MsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ms_application_activate;
  app_class->startup = ms_application_startup;
  app_class->handle_local_options = ms_application_handle_local_options;
}

static void
ms_application_init (MsApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up an email account in Evolution or Thunderbird."));
}
