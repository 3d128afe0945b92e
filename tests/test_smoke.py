def test_factories_build_a_congress_tree(session, track, congress):
    assert session.congress.pk == congress.pk
    assert session.track.pk == track.pk
    assert list(track.sessions()) == [session]
