;;; Hindi News Annotator in Emacs: eglot (built in from Emacs 29; on 28,
;;; `apt-get install elpa-eglot' or M-x package-install RET eglot).
;;; Paste into init.el and point `hindi-news-server' at the bundled server,
;;; <clone>/server/out/server.js (or set HINDI_NEWS_SERVER).
(require 'eglot)
(defvar hindi-news-server
  (or (getenv "HINDI_NEWS_SERVER")
      (expand-file-name "~/hindi-news-annotator/server/out/server.js"))
  "The Hindi News language server script.")
(add-to-list 'eglot-server-programs
             `(text-mode . ("node" ,hindi-news-server "--stdio")))
(add-hook 'text-mode-hook #'eglot-ensure)
;; Hover cards appear in the echo area (eldoc); M-x eldoc-doc-buffer shows them whole.
