/* ms-done-page.c: "Done" — what was set up, in plain words, and a way to open the client
 *
 * Close and Open sit in a bar below the scrolling part, always in sight; the files
 * written (paths, Evolution's 40-hex file names) are behind Details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-done-page"

#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ms-done-page.h"

struct _MsDonePage
{
  MsPage parent_instance;

  AdwStatusPage *status_page;
  GtkLabel *summary;
  GtkWidget *details;
  GtkListBox *written;
  GtkWidget *open_button;
  GtkWidget *close_button;
};

G_DEFINE_FINAL_TYPE (MsDonePage, ms_done_page, MS_TYPE_PAGE)

GAppInfo *
ms_done_page_dup_app_info (MsDonePage *self)
{
  MsSetup *setup;
  const char * const *ids;
  const char *command;

  g_return_val_if_fail (MS_IS_DONE_PAGE (self), NULL);

  setup = ms_page_get_setup (MS_PAGE (self));
  ids = ms_setup_get_client_desktop_ids (setup);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      GDesktopAppInfo *info = g_desktop_app_info_new (ids[i]);

      if (info != NULL)
        return G_APP_INFO (info);
    }
  command = ms_setup_get_client_command_line (setup);
  if (command != NULL)
    {
      g_auto (GStrv) argv = NULL;
      g_autofree char *program = NULL;

      /* Only offer what can start: the program must be there. */
      if (g_shell_parse_argv (command, NULL, &argv, NULL) &&
          (program = g_find_program_in_path (argv[0])) != NULL)
        return g_app_info_create_from_commandline (command, ms_setup_get_client_name (setup),
                                                   G_APP_INFO_CREATE_NONE, NULL);
    }
  return NULL;
}

static void
on_open_clicked (MsDonePage *self)
{
  g_autoptr (GAppInfo) info = ms_done_page_dup_app_info (self);
  g_autoptr (GAppLaunchContext) context = NULL;
  g_autoptr (GError) error = NULL;

  if (info == NULL)
    return;
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  /* Spawns the client and returns at once. */
  if (!g_app_info_launch (info, NULL, context, &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
    }
}

static void
ms_done_page_shown (MsPage *page)
{
  MsDonePage *self = MS_DONE_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  MsAddress *address = ms_setup_get_address (setup);
  const char *client = ms_setup_get_client_name (setup);
  const char * const *written = ms_setup_get_written (setup);
  const char *summary = ms_setup_get_export_summary (setup);
  g_autoptr (GAppInfo) info = NULL;
  g_autofree char *description = NULL;
  g_autofree char *open = NULL;
  GtkWidget *child;

  /* TRANSLATORS: first %s is an e-mail address, second a mail client ("Evolution") */
  description = g_strdup_printf (_("%s is set up in %s."),
                                 address != NULL ? ms_address_get_address (address) : "",
                                 client != NULL ? client : "");
  adw_status_page_set_description (self->status_page, description);
  gtk_label_set_text (self->summary, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary), summary != NULL);
  gtk_expander_set_expanded (GTK_EXPANDER (self->details), FALSE);
  gtk_widget_set_visible (self->details, written != NULL && written[0] != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->written))) != NULL)
    gtk_list_box_remove (self->written, child);
  for (guint i = 0; written != NULL && written[i] != NULL; i++)
    {
      const char *colon = strstr (written[i], ": ");
      g_autofree char *title = colon != NULL ? g_strndup (written[i], colon - written[i])
                                             : g_strdup (written[i]);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *label = gtk_label_new (title);

      /* Own labels rather than an action row: a long path must wrap anywhere, so the
       * page still fits a 360 px wide window. */
      gtk_widget_set_margin_top (box, 9);
      gtk_widget_set_margin_bottom (box, 9);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      if (colon != NULL)
        {
          GtkWidget *detail = gtk_label_new (colon + 2);

          gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (detail), 0);
          gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
          gtk_widget_set_focusable (detail, FALSE);   /* not a Tab stop that does nothing */
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_widget_add_css_class (detail, "caption");
          gtk_box_append (GTK_BOX (box), detail);
        }
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      /* A screen reader names the row by what was written, and reads where. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, colon != NULL ? colon + 2 : "",
                                      -1);
      gtk_list_box_append (self->written, row);
    }

  /* TRANSLATORS: %s is a mail client ("Evolution") */
  open = g_strdup_printf (_("_Open %s"), client != NULL ? client : "");
  gtk_button_set_label (GTK_BUTTON (self->open_button), open);
  info = ms_done_page_dup_app_info (self);
  gtk_widget_set_visible (self->open_button, info != NULL);
  gtk_widget_grab_focus (info != NULL ? self->open_button : self->close_button);
}

static void
ms_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MS_TYPE_DONE_PAGE);
  G_OBJECT_CLASS (ms_done_page_parent_class)->dispose (object);
}

static void
ms_done_page_class_init (MsDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_done_page_dispose;
  page_class->shown = ms_done_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, summary);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, details);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, written);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, open_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
}

static void
ms_done_page_init (MsDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Done"));
  ms_page_set_final (MS_PAGE (self), TRUE);
}
