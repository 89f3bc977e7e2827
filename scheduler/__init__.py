"""The follow-up scheduler, its own process: on each follow-up's due date it asks the Rasa
server to run ``action_follow_up`` in the customer's conversation (see ``follow_ups``)."""
