"""Video-meeting links: which links may stay where, the Zoom and Webex APIs, and `/casebot meeting`."""
