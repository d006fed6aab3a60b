#include "shared/initiative.h"
