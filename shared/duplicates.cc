#include "shared/duplicates.h"
