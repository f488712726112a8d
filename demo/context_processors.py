def mailbox(request):
    """The top bar links the demo's mailbox (only where the demo app is installed)."""
    return {"demo_mailbox": True}
