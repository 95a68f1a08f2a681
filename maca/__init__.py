"""maca: Multi-Agency Case Audits for children's safeguarding partnerships."""
