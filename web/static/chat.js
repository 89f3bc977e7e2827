// Starts the customer chat widget (rasa-webchat, installed from the npm registry).
// The server writes window.LITIGE_CONFIG in /config.js (socket URL of the Rasa server).
(function () {
  var config = window.LITIGE_CONFIG || {};
  window.WebChat.default(
    {
      socketUrl: config.socketUrl,
      socketPath: "/socket.io/",
      initPayload: "/greet",
      customData: { language: "fr" },
      title: "Service client Maison Lumière",
      subtitle: "Un souci ? Je vous écoute.",
      inputTextFieldHint: "Écrivez votre message…",
      connectingText: "Connexion en cours…",
      showMessageDate: false,
      showFullScreenButton: false,
      hideWhenNotConnected: false,
      displayUnreadCount: true,
      params: { storage: "local" },
      mainColor: "#b5562b",
      userBackgroundColor: "#b5562b",
      userTextColor: "#ffffff",
      customMessageDelay: function (message) {
        // a visible "typing" indicator, proportional to the length of the answer
        return Math.min(400 + (message || "").length * 8, 1800);
      },
    },
    null
  );

  // First visit: open the chat on its welcome message. Afterwards the widget remembers
  // (in localStorage) whether the customer left it open or closed, from page to page.
  var SEEN = "litige_widget_seen";
  if (!window.localStorage.getItem(SEEN)) {
    var tries = 0;
    var opener = window.setInterval(function () {
      var launcher = document.querySelector(".rw-launcher");
      tries += 1;
      if (launcher || tries > 50) {
        window.clearInterval(opener);
        if (launcher && !document.querySelector(".rw-conversation-container")) {
          launcher.click();
        }
        window.localStorage.setItem(SEEN, "1");
      }
    }, 100);
  }
})();
