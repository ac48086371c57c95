"""The client roster: importing HMIS Client.csv, anonymous clients, synthetic lists, the redactor's
roster.
"""
