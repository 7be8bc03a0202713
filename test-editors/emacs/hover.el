;;; Batch Emacs as an LSP client of the bundled server through eglot,
;;; configured by the README's snippet (docs/editors/hindi-news.el, loaded
;;; first): open a fixture, let the snippet's hook connect, hover a name and
;;; check the card. Exits 0 on success, 1 with the reason on stderr.
(defun hn-fail (fmt &rest args)
  (princ (concat "emacs test: " (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(condition-case err
    (progn
      (find-file (getenv "HN_FILE"))
      (unless (derived-mode-p 'text-mode) (hn-fail "%s opened in %s, not text-mode" (getenv "HN_FILE") major-mode))
      ;; eglot-ensure connects after the next command; batch Emacs runs none.
      (run-hooks 'post-command-hook)
      (let ((deadline (+ (float-time) 15)))
        (while (and (not (eglot-current-server)) (< (float-time) deadline))
          (accept-process-output nil 0.05)))
      (let ((server (eglot-current-server)))
        (unless server (hn-fail "the snippet did not connect eglot within 15 s"))
        (goto-char (+ 1 (string-to-number (getenv "HN_CP"))))
        (let ((card nil)
              (deadline (+ (float-time) 15)))
          (while (and (not (and card (string-search (getenv "HN_EXPECT") card)))
                      (< (float-time) deadline))
            (let ((r (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
              (setq card (and r (plist-get (plist-get r :contents) :value))))
            (unless (and card (string-search (getenv "HN_EXPECT") card)) (sleep-for 0.1)))
          (unless card (hn-fail "no hover card at point %d" (point)))
          (unless (string-search (getenv "HN_EXPECT") card) (hn-fail "hover card lacks %S:\n%s" (getenv "HN_EXPECT") card))
          (princ (concat card "\n"))
          (eglot-shutdown server)
          (kill-emacs 0))))
  (error (hn-fail "%S" err)))
