PARTNERSHIP_HEADER = "X-Maca-Partnership"
KIND_HEADER = "X-Maca-Kind"
