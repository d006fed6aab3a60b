#include "shared/report/render.h"
