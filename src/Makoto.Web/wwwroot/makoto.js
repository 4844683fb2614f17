// Small helpers of the Makoto UI that Blazor calls through JS interop.
window.makoto = {
  // Copies text to the clipboard; resolves to false when the browser refuses (no secure context).
  copy: async function (text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }
};
