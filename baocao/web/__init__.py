"""The web pages: server-rendered Jinja2, Vietnamese first (English switch), thin views over services."""
