"""The checker's name finder: whole names, longest match, and a text read once however often
it recurs (a region's reasons repeat) without one caller's result changing another's."""

from allocator.checking.names import NameFinder


def test_names_are_found_as_whole_words_longest_first() -> None:
    """ "Ann Lee" is found whole (not "Ann" alone), "Annabel" is not "Ann", and a name not in
    the scenario is never found."""
    finder = NameFinder(["Ann", "Ann Lee", "Bob Stone"])
    assert finder.find("To Ann Lee (PO): Annabel and Bob Stone.") == {"Ann Lee", "Bob Stone"}
    assert finder.find("Annabel Lee") == set()


def test_a_repeated_text_gives_the_same_names_in_a_fresh_set() -> None:
    """The second reading of a text answers from the first; changing the set a caller got
    (as the checker does when it subtracts the allowed names) changes nothing for the next."""
    finder = NameFinder(["Ann Lee", "Bob Stone"])
    text = "To Ann Lee (PO): the next best, Bob Stone, would move a case."
    first = finder.find(text)
    first.discard("Ann Lee")
    assert finder.find(text) == {"Ann Lee", "Bob Stone"}
