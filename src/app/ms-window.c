/* ms-window.c: the main window; it walks the wizard's pages
 *
 * Navigation lives here, and only here: win.next asks the visible page to apply itself
 * (asynchronously, cancellable) and moves on when it succeeds; win.back goes to the
 * previous page; win.cancel stops the page's work. Which of them is enabled follows from
 * the visible page's "complete" and "busy" properties alone (ms_window_update_actions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-check-page.h"
#include "ms-clients-page.h"
#include "ms-discovery-page.h"
#include "ms-done-page.h"
#include "ms-identity-page.h"
#include "ms-page.h"
#include "ms-repair-apply-page.h"
#include "ms-repair-diagnosis-page.h"
#include "ms-settings-page.h"
#include "ms-setup.h"
#include "ms-window.h"
#include "ms-accessible.h"

/* The wizard's pages, in order: each one's class, its name in the stack and the walks it
 * is part of. Setting up a new account walks the SETUP pages; fixing an account the user
 * has (chosen on the first page) walks the REPAIR pages, which share the first page and
 * the check. Only the first is built with the window (it is in ms-window.ui, under the
 * same name); the others are built when first needed, so the window appears sooner. */
typedef enum {
  FLOW_SETUP = 1 << 0,
  FLOW_REPAIR = 1 << 1,
  FLOW_BOTH = FLOW_SETUP | FLOW_REPAIR,
} Flow;

typedef struct {
  GType      (*get_type) (void);
  const char  *name;
  gboolean     passed_back;   /* Back goes past it: it only works on the way forward */
  Flow         flows;
} PageInfo;

static const PageInfo page_table[] = {
  { ms_identity_page_get_type,         "identity",         FALSE, FLOW_BOTH },
  { ms_discovery_page_get_type,        "discovery",        TRUE,  FLOW_SETUP },
  { ms_settings_page_get_type,         "settings",         FALSE, FLOW_SETUP },
  { ms_repair_diagnosis_page_get_type, "repair-diagnosis", FALSE, FLOW_REPAIR },
  { ms_check_page_get_type,            "check",            FALSE, FLOW_BOTH },
  { ms_repair_apply_page_get_type,     "repair-apply",     FALSE, FLOW_REPAIR },
  { ms_clients_page_get_type,          "clients",          FALSE, FLOW_SETUP },
  { ms_done_page_get_type,             "done",             FALSE, FLOW_SETUP },
};

#define N_PAGES G_N_ELEMENTS (page_table)

struct _MsWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  MsSetup *setup;
  GCancellable *cancellable;   /* the visible page's apply, while it runs */

  /* template widgets */
  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack *pages;
  GtkWidget *next_button;
  MsPage *identity_page;

  MsPage *page_list[N_PAGES];   /* built on demand; owned by the stack */
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

MsWindow *
ms_window_new (MsApplication *application)
{
  return g_object_new (MS_TYPE_WINDOW, "application", application, NULL);
}

static MsPage *
visible_page (MsWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);

  return MS_IS_PAGE (child) ? MS_PAGE (child) : NULL;
}

static int
page_index (MsWindow *self,
            MsPage   *page)
{
  for (guint i = 0; i < N_PAGES; i++)
    if (page != NULL && self->page_list[i] == page)
      return (int) i;
  return -1;
}

static void ms_window_update_actions (MsWindow *self);
static void on_page_complete (MsWindow   *self,
                              GParamSpec *pspec,
                              MsPage     *page);

static void
adopt_page (MsWindow *self,
            guint     index,
            MsPage   *page)
{
  self->page_list[index] = page;
  ms_page_set_setup (page, self->setup);
  g_signal_connect_object (page, "notify::complete",
                           G_CALLBACK (ms_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::busy",
                           G_CALLBACK (ms_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::complete",
                           G_CALLBACK (on_page_complete), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::busy",
                           G_CALLBACK (on_page_complete), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::final",
                           G_CALLBACK (ms_window_update_actions), self, G_CONNECT_SWAPPED);
}

MsPage *
ms_window_ensure_page (MsWindow *self,
                       GType     type)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);

  for (guint i = 0; i < N_PAGES; i++)
    if (page_table[i].get_type () == type)
      {
        if (self->page_list[i] == NULL)
          {
            MsPage *page = g_object_new (type, NULL);

            adopt_page (self, i, page);
            gtk_stack_add_named (self->pages, GTK_WIDGET (page), page_table[i].name);
          }
        return self->page_list[i];
      }
  g_return_val_if_reached (NULL);
}

/* The walk under way: fixing an account once one was chosen on the first page. */
static Flow
current_flow (MsWindow *self)
{
  return ms_setup_get_repair_found (self->setup) != NULL ? FLOW_REPAIR : FLOW_SETUP;
}

/* The index of the page before or after @index in the current walk, or -1. */
static int
step (MsWindow *self,
      int       index,
      gboolean  forward)
{
  Flow flow = current_flow (self);

  if (index < 0)
    return -1;
  do
    index += forward ? 1 : -1;
  while (index >= 0 && index < (int) N_PAGES && (page_table[index].flows & flow) == 0);
  return index >= 0 && index < (int) N_PAGES ? index : -1;
}

static MsPage *
sibling_page (MsWindow *self,
              gboolean  forward)
{
  int index = step (self, page_index (self, visible_page (self)), forward);

  return index >= 0 ? ms_window_ensure_page (self, page_table[index].get_type ()) : NULL;
}

/* Whether there is a page before or after the visible one, without building it. */
static gboolean
has_sibling (MsWindow *self,
             gboolean  forward)
{
  return step (self, page_index (self, visible_page (self)), forward) >= 0;
}

static void
ms_window_update_actions (MsWindow *self)
{
  MsPage *page = visible_page (self);
  gboolean busy = page != NULL && ms_page_get_busy (page);
  gboolean complete = page != NULL && ms_page_get_complete (page);
  gboolean final = page != NULL && ms_page_get_final (page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 complete && !busy && !final && has_sibling (self, TRUE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 !busy && !final && has_sibling (self, FALSE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  gtk_widget_set_visible (self->next_button, !final);
}

/* When the visible page becomes complete, Continue takes the keyboard focus — unless
 * the user is typing somewhere, so that Enter (or Alt+C) goes on. */
static void
on_page_complete (MsWindow *self,
                  GParamSpec *pspec,
                  MsPage   *page)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (page != visible_page (self) || !ms_page_get_complete (page) || ms_page_get_busy (page))
    return;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_CHECK_BUTTON (focus) ||
                        gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW) != NULL))
    return;
  if (gtk_widget_get_sensitive (self->next_button) && gtk_widget_get_visible (self->next_button))
    gtk_widget_grab_focus (self->next_button);
}

static void
on_visible_page_changed (MsWindow *self)
{
  MsPage *page = visible_page (self);

  ms_window_update_actions (self);
  if (page == NULL)
    return;

  adw_window_title_set_subtitle (self->window_title, ms_page_get_title (page));
  ms_page_shown (page);
}

static void
on_apply_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (MsWindow) self = user_data;
  MsPage *page = MS_PAGE (source);
  g_autoptr (GError) error = NULL;
  gboolean ok = ms_page_apply_finish (page, result, &error);
  MsPage *next;

  ms_page_set_busy (page, FALSE);
  g_clear_object (&self->cancellable);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      ms_window_update_actions (self);
      return;
    }

  /* Only move on if the user has not gone elsewhere meanwhile. */
  next = visible_page (self) == page ? sibling_page (self, TRUE) : NULL;
  if (next != NULL)
    gtk_stack_set_visible_child (self->pages, GTK_WIDGET (next));
  ms_window_update_actions (self);
}

static void
ms_window_next (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  MsPage *page = visible_page (self);

  if (page == NULL || ms_page_get_busy (page) || !ms_page_get_complete (page))
    return;
  /* Continue on the first page sets up a new account. */
  if (page_index (self, page) == 0)
    ms_setup_set_repair_found (self->setup, NULL);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ms_page_set_busy (page, TRUE);
  ms_page_apply_async (page, self->cancellable, on_apply_done, g_object_ref (self));
}

static void
ms_window_back (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  int index = step (self, page_index (self, visible_page (self)), FALSE);

  /* From Your Settings, Back is the address form: the search in between has nothing to
   * change, and showing it again would only flash by. */
  while (index > 0 && page_table[index].passed_back)
    index = step (self, index, FALSE);
  if (index >= 0 && !ms_page_get_busy (visible_page (self)))
    gtk_stack_set_visible_child (self->pages,
                                 GTK_WIDGET (ms_window_ensure_page (self, page_table[index].get_type ())));
}

static void
ms_window_cancel (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  MsPage *page = visible_page (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (page != NULL)
    ms_page_cancel (page);
}

/* win.repair: the first page chose an account to fix (ms_setup_set_repair_found()); the
 * walk of fixing it begins. */
static void
ms_window_repair (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  MsPage *page = visible_page (self);
  MsPage *next;

  if (ms_setup_get_repair_found (self->setup) == NULL || page == NULL ||
      page_index (self, page) != 0 || ms_page_get_busy (page))
    return;
  next = sibling_page (self, TRUE);
  if (next != NULL)
    gtk_stack_set_visible_child (self->pages, GTK_WIDGET (next));
}

/* Escape stops the work in progress, or else goes back. */
static gboolean
ms_window_escape (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  MsWindow *self = MS_WINDOW (widget);
  MsPage *page = visible_page (self);

  if (page != NULL && ms_page_get_busy (page))
    gtk_widget_activate_action (widget, "win.cancel", NULL);
  else
    gtk_widget_activate_action (widget, "win.back", NULL);
  return TRUE;
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->setup);

  G_OBJECT_CLASS (ms_window_parent_class)->dispose (object);
}

static void
ms_window_class_init (MsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_window_dispose;

  ms_accessible_init ();
  g_type_ensure (page_table[0].get_type ());

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, identity_page);

  gtk_widget_class_install_action (widget_class, "win.next", NULL, ms_window_next);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, ms_window_back);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, ms_window_cancel);
  gtk_widget_class_install_action (widget_class, "win.repair", NULL, ms_window_repair);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, ms_window_escape, NULL);
}

static void
ms_window_init (MsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->setup = ms_setup_new ();
  adopt_page (self, 0, self->identity_page);
  g_signal_connect_object (self->pages, "notify::visible-child",
                           G_CALLBACK (on_visible_page_changed), self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  on_visible_page_changed (self);
}
