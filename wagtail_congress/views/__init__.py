"""Admin views of the editor tools: the timetable and the next edition of a congress."""
