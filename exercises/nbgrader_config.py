"""nbgrader configuration of the course. Run nbgrader (or `m4d`) from this folder."""
c = get_config()  # noqa: F821  (provided by nbgrader)

c.CourseDirectory.course_id = "m4d"
c.CourseDirectory.root = "."
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# Student versions are generated from source/ and never edited by hand.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# A cell that runs too long is stopped; the sandbox adds its own limits around it.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60
