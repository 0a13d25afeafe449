"""Obviously fictional names: ordinary first names with surnames made up from Wyvernshire place-name parts."""

FIRST_NAMES = (
    "Ada", "Alder", "Aled", "Ash", "Bethan", "Bram", "Briar", "Bryony", "Caspian", "Cerys", "Clem", "Cora",
    "Delphine", "Dex", "Dilys", "Dorran", "Elowen", "Ember", "Emrys", "Esme", "Fenn", "Ffion", "Finch",
    "Flint", "Garnet", "Gethin", "Greer", "Gwyn", "Hal", "Hazel", "Hollis", "Hywel", "Ianto", "Ines",
    "Isolde", "Ivo", "Jory", "Jude", "Juniper", "Kai", "Kestrel", "Kit", "Lark", "Lena", "Linnet", "Lowri",
    "Marlow", "Meical", "Merrin", "Milo", "Nettie", "Nia", "Noor", "Nye", "Ola", "Oriel", "Orrin", "Osian",
    "Perrin", "Pip", "Priya", "Quill", "Rafi", "Reed", "Rhian", "Rowan", "Saffron", "Sami", "Seren",
    "Sorrel", "Tamsin", "Tariq", "Teasel", "Tegan", "Ulric", "Uma", "Vesper", "Vik", "Wren", "Yarrow",
    "Yestin", "Zara", "Zephyr",
)

SURNAME_STARTS = (
    "Barley", "Bracken", "Bramble", "Cinder", "Copper", "Fennel", "Flint", "Gorse", "Heather", "Hollow",
    "Larch", "Marsh", "Moss", "Nettle", "Otter", "Pebble", "Quarry", "Raven", "Rook", "Rush", "Sedge",
    "Sloe", "Tansy", "Teal", "Thistle", "Umber", "Vetch", "Willow", "Wold", "Wyvern",
)

SURNAME_ENDS = (
    "brook", "bury", "by", "combe", "dale", "field", "ford", "gate", "holt", "ley", "mere", "ridge", "shaw",
    "stead", "thorpe", "wick", "wood", "worth",
)


def fictional_name(rng) -> tuple[str, str]:
    """A (first name, surname) pair drawn from `rng`."""
    first = rng.choice(FIRST_NAMES)
    surname = rng.choice(SURNAME_STARTS) + rng.choice(SURNAME_ENDS)
    return first, surname
