// Read by Bootstrap Italia's bundle as it loads: video.js must not inject its default <style> (Rete shows no
// video, and the Content-Security-Policy refuses inline styles).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
