/* Compile-time limits shared by configuration, dataplane and control. */
#ifndef MC_LIMITS_H
#define MC_LIMITS_H

#define MC_MAX_PORTS 8
#define MC_MAX_WORKERS 16
#define MC_BURST 32
#define MC_PORT_NAME_LEN 32

#endif
