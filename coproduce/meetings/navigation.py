def register_navigation() -> None:
    pass
